import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { systemClock } from '../../main/engine/clock.js';
import type { TransferState } from '../../main/engine/transfer-state.js';
import { CheckpointWriter } from '../../main/queue/checkpoint-writer.js';
import { openDatabase } from '../../main/store/open-database.js';
import { TaskStore } from '../../main/store/task-store.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(() => box.remove());

const owner = 'checkpoint-test';
const url = 'http://127.0.0.1/ranges.bin';
const ranges = [
  { start: 0, end: 3_000_000, durableEnd: 1_000_000 },
  { start: 3_000_000, end: 6_000_000, durableEnd: 3_500_000 },
];

/** A running task this writer's owner claims, and the ranges the database holds for it. */
function runningTask(): { tasks: TaskStore; id: number; storedRanges: () => number; close: () => void } {
  const db = openDatabase(path.join(box.aside, 'queue.db'));
  const tasks = new TaskStore(db);
  const [task] = tasks.insertMany([{ url, dir: box.dir }]);
  assert.ok(task);
  tasks.transition(task.id, 'running', { lease: { owner, until: Date.now() + 60_000 } });
  const count = db.prepare<[number], number>('SELECT COUNT(*) FROM segments WHERE task_id = ?').pluck();
  return { tasks, id: task.id, storedRanges: () => count.get(task.id) ?? 0, close: () => db.close() };
}

function writer(tasks: TaskStore): CheckpointWriter {
  return new CheckpointWriter(tasks, owner, systemClock, () => 60_000, (error) => assert.fail(String(error)));
}

test('ranges written by a checkpoint are deleted by a later one without ranges (back to one connection)', () => {
  const { tasks, id, storedRanges, close } = runningTask();
  const checkpoints = writer(tasks);
  const state: TransferState = { url, fileName: 'ranges.bin', totalBytes: 6_000_000, validator: { etag: '"x"' }, durableBytes: 0 };
  checkpoints.begin(id, state);
  checkpoints.record(id, { ...state, durableBytes: 1_500_000, segments: ranges });
  assert.equal(storedRanges(), 2);
  checkpoints.record(id, { ...state, durableBytes: 1_000_000 });
  assert.equal(storedRanges(), 0);
  close();
});

test('ranges read with the claim are deleted by the first checkpoint without ranges', () => {
  const { tasks, id, storedRanges, close } = runningTask();
  const state: TransferState = { url, fileName: 'ranges.bin', totalBytes: 6_000_000, validator: { etag: '"x"' }, durableBytes: 1_500_000, segments: ranges };
  tasks.saveTransferStates(new Map([[id, state]]), owner);
  assert.equal(storedRanges(), 2);
  // A later run claims the task and reads its ranges back; this attempt then falls back to one connection.
  const checkpoints = writer(tasks);
  checkpoints.begin(id, tasks.transferState(id));
  checkpoints.saveNow(id, { ...state, segments: undefined, durableBytes: 1_000_000 });
  assert.equal(storedRanges(), 0);
  close();
});

test('a checkpoint naming the file returns the row as saved; none when the row is another owner\'s', () => {
  const { tasks, id, close } = runningTask();
  const checkpoints = writer(tasks);
  checkpoints.begin(id, { url, durableBytes: 0 });
  const named = checkpoints.record(id, { url, fileName: 'named.bin', totalBytes: 4_000, validator: { etag: '"n"' }, durableBytes: 0 });
  assert.deepEqual(named?.row, tasks.get(id));
  assert.equal(named?.row?.fileName, 'named.bin');
  assert.equal(named?.row?.totalBytes, 4_000);
  assert.equal(checkpoints.record(id, { url, fileName: 'named.bin', totalBytes: 4_000, validator: { etag: '"n"' }, durableBytes: 1_000 }), undefined, 'plain progress names nothing');
  // Another process took the task over: nothing is written, and no row is returned.
  tasks.db.prepare("UPDATE tasks SET owner = 'elsewhere' WHERE id = ?").run(id);
  const renamed = checkpoints.record(id, { url, fileName: 'other.bin', totalBytes: 4_000, validator: { etag: '"n"' }, durableBytes: 0 });
  assert.deepEqual(renamed, { row: undefined });
  assert.equal(tasks.get(id)?.fileName, 'named.bin');
  close();
});

test('a checkpoint the row already holds is not written again; one written inside a transaction is never taken as held', () => {
  const { tasks, id, close } = runningTask();
  const checkpoints = writer(tasks);
  const writes = tasks.db.prepare<[], number>('SELECT total_changes()').pluck();
  const last: TransferState = { url, fileName: 'whole.bin', totalBytes: 4_000, validator: { etag: '"w"' }, durableBytes: 4_000 };
  checkpoints.begin(id, { url, durableBytes: 0 });
  checkpoints.record(id, { ...last, durableBytes: 0 });
  checkpoints.record(id, last);
  const before = writes.get();
  // The completion repeats the last checkpoint: the row holds it already.
  tasks.atomically(() => checkpoints.saveNow(id, { ...last }));
  assert.equal(writes.get(), before, 'nothing written');
  // Anything else is written: another name (the final one was taken), another size.
  tasks.atomically(() => checkpoints.saveNow(id, { ...last, fileName: 'whole (1).bin' }));
  assert.equal(tasks.get(id)?.fileName, 'whole (1).bin');
  // Written inside that transaction, which might have been rolled back: the same checkpoint is written again.
  const inside = writes.get();
  checkpoints.saveNow(id, { ...last, fileName: 'whole (1).bin' });
  assert.equal(writes.get(), (inside ?? 0) + 1);
  // A write rolled back leaves the row as it was: what it wrote is not taken as held.
  assert.throws(() =>
    tasks.atomically(() => {
      checkpoints.saveNow(id, { ...last, fileName: 'rolled-back.bin' });
      throw new Error('no commit');
    }),
  );
  checkpoints.saveNow(id, { ...last, fileName: 'whole (1).bin' });
  assert.equal(tasks.get(id)?.fileName, 'whole (1).bin');
  checkpoints.saveNow(id, { ...last, fileName: 'rolled-back.bin' });
  assert.equal(tasks.get(id)?.fileName, 'rolled-back.bin');
  close();
});
