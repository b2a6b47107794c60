import type { SegmentView } from '../contract/views.js';

/** A download's byte ranges as last seen, when, and each range's speed then (by the range's start). */
export interface RangeSample {
  readonly at: number;
  readonly ranges: readonly SegmentView[];
  readonly speeds: ReadonlyMap<number, number>;
}

/** How much of the last speed each new reading keeps: steady labels, yet a stalled range reads 0 within a few batches. */
const keep = 0.5;

/**
 * Each range's speed, in bytes per second, from two readings of the ranges a
 * few hundred milliseconds apart: a range is known by its start (a split
 * shortens a range's end and adds one with a new start, which has no speed
 * until its second reading). Smoothed, as batches arrive unevenly. A range
 * that is finished reads 0.
 */
export function nextRangeSample(previous: RangeSample | null, ranges: readonly SegmentView[], at: number): RangeSample {
  const speeds = new Map<number, number>();
  const seconds = previous === null ? 0 : (at - previous.at) / 1000;
  if (previous === null || seconds <= 0) return { at, ranges, speeds: previous?.speeds ?? speeds };
  const before = new Map(previous.ranges.map((range) => [range.start, range]));
  for (const range of ranges) {
    const was = before.get(range.start);
    if (was === undefined) continue;
    const now = range.doneEnd >= range.end ? 0 : Math.max(0, range.doneEnd - was.doneEnd) / seconds;
    const last = previous.speeds.get(range.start);
    speeds.set(range.start, last === undefined || now === 0 ? now : keep * last + (1 - keep) * now);
  }
  return { at, ranges, speeds };
}
