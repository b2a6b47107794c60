import type { SegmentView } from '../contract/views.js';

/** One reading of a range: when, and how far it had written. */
interface Reading {
  readonly at: number;
  readonly doneEnd: number;
}

/** A download's byte ranges as last seen, when, each range's recent readings and its speed then (by the range's start). */
export interface RangeSample {
  readonly at: number;
  readonly ranges: readonly SegmentView[];
  readonly readings: ReadonlyMap<number, readonly Reading[]>;
  readonly speeds: ReadonlyMap<number, number>;
}

/**
 * How far back a range's speed looks. Servers and disks deliver in bursts
 * (a throttled server sends once a second, writes are flushed every 250 ms),
 * so two batches apart can see nothing new though the range moves: a speed
 * over the last seconds stays steady, and a stalled range reads 0 once this
 * has passed with nothing written.
 */
const windowMs = 3000;

/**
 * Each range's speed, in bytes per second, over its readings of the last few
 * seconds: a range is known by its start (a split shortens a range's end and
 * adds one with a new start, which has no speed until its second reading).
 * A range that is finished reads 0.
 */
export function nextRangeSample(previous: RangeSample | null, ranges: readonly SegmentView[], at: number): RangeSample {
  if (previous !== null && at <= previous.at) return { ...previous, ranges };
  const readings = new Map<number, readonly Reading[]>();
  const speeds = new Map<number, number>();
  for (const range of ranges) {
    // The newest reading older than the window stays, so the window is always spanned.
    const kept = (previous?.readings.get(range.start) ?? []).filter((reading, index, all) => (all[index + 1]?.at ?? at) > at - windowMs);
    const now = { at, doneEnd: range.doneEnd };
    readings.set(range.start, [...kept, now]);
    const first = kept[0];
    if (first === undefined) continue;
    speeds.set(range.start, range.doneEnd >= range.end ? 0 : Math.max(0, range.doneEnd - first.doneEnd) / ((at - first.at) / 1000));
  }
  return { at, ranges, readings, speeds };
}
