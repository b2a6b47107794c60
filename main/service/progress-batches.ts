import { SpeedMeter } from '../../app/domain/speed-meter.js';
import type { TaskProgress } from '../../app/contract/views.js';
import type { Clock } from '../engine/clock.js';
import type { TransferProgress } from '../queue/download-queue.js';

export const progressIntervalMs = 250;

interface Tracked {
  readonly meter: SpeedMeter;
  last: TaskProgress | undefined;
}

/**
 * Turns the queue's live counters into `tasks.progress` batches: at most four
 * a second, only rows that moved, and no timer at all while nothing runs.
 */
export class ProgressBatches {
  private cancel: (() => void) | undefined;
  private readonly tracked = new Map<number, Tracked>();
  private totalSpeed = 0;
  private lastTickAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly source: () => Iterable<readonly [number, Readonly<TransferProgress>]>,
    private readonly clock: Clock,
    private readonly send: (progress: readonly TaskProgress[]) => void,
  ) {}

  /** Called whenever a transfer may have started. */
  wake(): void {
    this.cancel ??= this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /**
   * One timer at a time, through the injected clock: re-armed before each tick, which stops it once nothing runs.
   * Node counts a timer from the loop's cached time, so under load it fires early by the clock: the rest is waited out.
   */
  private arm(ms = progressIntervalMs): () => void {
    return this.clock.setTimer(ms, () => {
      const early = this.lastTickAt + progressIntervalMs - this.clock.now();
      this.cancel = this.arm(early > 0 ? early : progressIntervalMs);
      if (early <= 0) this.tick();
    });
  }

  /** Total bytes per second as of the last batch. */
  get speed(): number {
    return this.totalSpeed;
  }

  /** The last numbers sent for each running task, for snapshots. */
  current(): TaskProgress[] {
    return [...this.tracked.values()].flatMap(({ last }) => (last === undefined ? [] : [last]));
  }

  tick(): void {
    const now = this.clock.now();
    this.lastTickAt = now;
    const batch: TaskProgress[] = [];
    const seen = new Set<number>();
    let totalSpeed = 0;
    for (const [id, progress] of this.source()) {
      seen.add(id);
      let tracked = this.tracked.get(id);
      if (tracked === undefined) {
        tracked = { meter: new SpeedMeter(3_000), last: undefined };
        this.tracked.set(id, tracked);
      }
      tracked.meter.sample(now, progress.bytes);
      const speed = Math.round(tracked.meter.bytesPerSecond());
      totalSpeed += speed;
      const totalBytes = progress.totalBytes ?? null;
      const ranges = progress.ranges !== undefined && progress.ranges.length > 1 ? progress.ranges : undefined;
      const view: TaskProgress = {
        id,
        bytes: progress.bytes,
        totalBytes,
        speed,
        etaSeconds: totalBytes !== null && speed > 0 ? Math.ceil((totalBytes - progress.bytes) / speed) : null,
        connections: progress.connections,
        ...(ranges === undefined ? {} : { ranges: ranges.map((range) => ({ start: range.start, end: range.end, doneEnd: range.durableEnd })) }),
      };
      if (!sameProgress(tracked.last, view)) batch.push(view);
      tracked.last = view;
    }
    for (const id of this.tracked.keys()) if (!seen.has(id)) this.tracked.delete(id);
    const speedChanged = totalSpeed !== this.totalSpeed;
    this.totalSpeed = totalSpeed;
    if (batch.length > 0 || speedChanged) this.send(batch);
    // Nothing running and the last zero sent: silence until the next start.
    if (seen.size === 0) this.stop();
  }
}

function sameProgress(a: TaskProgress | undefined, b: TaskProgress): boolean {
  return a !== undefined && a.bytes === b.bytes && a.totalBytes === b.totalBytes && a.speed === b.speed && a.connections === b.connections && sameRanges(a.ranges, b.ranges);
}

function sameRanges(a: TaskProgress['ranges'], b: TaskProgress['ranges']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((range, index) => range.start === b[index]?.start && range.end === b[index]?.end && range.doneEnd === b[index]?.doneEnd);
}
