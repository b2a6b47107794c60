import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskProgress } from '../../app/contract/views.js';
import { ProgressBatches, progressIntervalMs } from '../../main/service/progress-batches.js';
import type { TransferProgress } from '../../main/queue/download-queue.js';
import { ManualClock } from '../fixtures/manual-clock.js';

/**
 * Node's timers count from the loop's cached time, so under load a timer armed
 * late in a busy iteration fires early by the wall clock (seen: a batch 171 ms
 * after the one before). This clock's timers fire after two thirds of their time.
 */
class EarlyTimerClock extends ManualClock {
  override setTimer(ms: number, callback: () => void): () => void {
    return super.setTimer(Math.ceil((ms * 2) / 3), callback);
  }
}

function rig(clock: ManualClock): { progress: Map<number, TransferProgress>; sent: { at: number; rows: readonly TaskProgress[] }[]; batches: ProgressBatches } {
  const progress = new Map<number, TransferProgress>();
  const sent: { at: number; rows: readonly TaskProgress[] }[] = [];
  const batches = new ProgressBatches(() => progress.entries(), clock, (rows) => sent.push({ at: clock.now(), rows }));
  return { progress, sent, batches };
}

describe('ProgressBatches', () => {
  test('at most four batches a second by the clock, even when timers fire early', () => {
    const clock = new EarlyTimerClock();
    const { progress, sent, batches } = rig(clock);
    progress.set(1, { bytes: 0, totalBytes: 10_000_000, connections: 1 });
    batches.wake();
    for (let step = 1; step <= 100; step += 1) {
      progress.set(1, { bytes: step * 10_000, totalBytes: 10_000_000, connections: 1 });
      clock.advance(10);
    }
    assert.ok(sent.length >= 3, `several batches in 1 s, got ${sent.length}`);
    assert.ok(clock.pendingTimers <= 1, 'one timer at a time');
    const gaps = sent.slice(1).map((batch, i) => batch.at - (sent[i]?.at ?? 0));
    assert.ok(Math.min(...gaps) >= progressIntervalMs, `batches ${progressIntervalMs} ms apart at least, got gaps ${gaps.join(', ')}`);
  });

  test('only rows that moved, and no timer left once nothing runs', () => {
    const clock = new ManualClock();
    const { progress, sent, batches } = rig(clock);
    progress.set(1, { bytes: 100, totalBytes: 1000, connections: 1 });
    progress.set(2, { bytes: 500, totalBytes: 1000, connections: 2 });
    batches.wake();
    clock.advance(progressIntervalMs);
    assert.deepEqual(sent.at(-1)?.rows.map((row) => row.id), [1, 2]);
    progress.set(1, { bytes: 200, totalBytes: 1000, connections: 1 });
    progress.set(2, { bytes: 500, totalBytes: 1000, connections: 2 });
    clock.advance(progressIntervalMs);
    assert.deepEqual(sent.at(-1)?.rows.map((row) => row.id), [1], 'row 2 did not move');
    clock.advance(progressIntervalMs);
    progress.clear();
    clock.advance(progressIntervalMs * 4);
    assert.equal(clock.pendingTimers, 0, 'silent with nothing running');
    const count = sent.length;
    clock.advance(progressIntervalMs * 4);
    assert.equal(sent.length, count);
  });
});
