import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { isState, makeQueueRig, waitForTask, type QueueRig } from './queue-harness.js';
import { box, file, server, useFixtureSuite } from './fixture-suite.js';

let rig: QueueRig;
useFixtureSuite({ beforeRemoval: () => rig.close() });

const drip = (name: string, size: number, every = 20): string => server.url(`/drip?size=${size}&chunk=10000&every=${every}&name=${name}`);

/** Makes the next transaction that settles a completion fail once its work is done (as a commit refused by a full disk would). */
function failNextCompletionCommit(target: QueueRig): { failed: () => boolean } {
  const original = target.tasks.atomically.bind(target.tasks);
  let armed = true;
  let failed = false;
  target.tasks.atomically = <T>(work: () => T): T =>
    original(() => {
      const result = work();
      if (armed && target.tasks.listInState('completed').length > 0) {
        armed = false;
        failed = true;
        throw new Error('SQLITE_FULL: database or disk is full (simulated)');
      }
      return result;
    });
  return { failed: () => failed };
}

describe('completions settled with the next claims', () => {
  test('a commit that fails gives the claims back, announces the completed rows as they are stored, and the queue goes on', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const { tasks } = rig.queue.add([
      { url: drip('first.bin', 20_000), dir: box.dir },
      { url: drip('second.bin', 30_000), dir: box.dir },
    ]);
    const [first, second] = tasks;
    assert.ok(first && second);
    const failures: unknown[] = [];
    rig.queue.events.on('storeFailed', ({ error }) => failures.push(error));
    const commit = failNextCompletionCommit(rig);
    rig.queue.start();
    await waitForTask(rig, second.id, isState('completed'));
    assert.ok(commit.failed());
    assert.match(String(failures[0]), /SQLITE_FULL/);
    assert.deepEqual(rig.history.get(second.id), ['running', 'queued', 'running', 'completed'], 'claimed, given back, claimed again');
    // The completion was not recorded: what the queue announced last is what the database holds.
    const stored = rig.tasks.get(first.id);
    assert.equal(rig.history.get(first.id)?.at(-1), stored?.state, `announced ${String(rig.history.get(first.id))}, stored ${stored?.state}`);
    assert.equal(await sha256File(file('second.bin')), sha256(makePayload(30_000)));
    assert.equal(rig.peakRunning(), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(rig.queue.runningCount, 0);
  });
});

describe('many small files finishing together', () => {
  test('every file is right, the cap holds, and nothing is left running', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 4, maxPerHost: 4 });
    const sizes = Array.from({ length: 40 }, (_, index) => 1_000 + index * 37);
    const { tasks } = rig.queue.add(sizes.map((size, index) => ({ url: server.url(`/file?size=${size}&seed=${index + 1}&name=s${index}.bin`), dir: box.dir })));
    let ended = 0;
    rig.queue.events.on('transferEnded', ({ settled }) => {
      if (settled?.state === 'completed') ended += 1;
    });
    rig.queue.start();
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
    assert.ok(rig.peakRunning() <= 4, `peak ${rig.peakRunning()}`);
    for (const [index, size] of sizes.entries()) assert.equal(await sha256File(file(`s${index}.bin`)), sha256(makePayload(size, index + 1)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(rig.queue.runningCount, 0);
    assert.equal(ended, sizes.length);
    assert.equal(rig.tasks.listInState('running').length, 0);
  });

  test('pausing everything while files finish leaves each task paused or completed, none running', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 4, maxPerHost: 4 });
    const sizes = Array.from({ length: 40 }, (_, index) => 2_000 + index * 53);
    const { tasks } = rig.queue.add(sizes.map((size, index) => ({ url: server.url(`/file?size=${size}&seed=${index + 1}&name=p${index}.bin`), dir: box.dir })));
    const ids = tasks.map((task) => task.id);
    let pauses = 0;
    rig.queue.events.on('transferEnded', () => {
      // A pause of all, arriving in the microtasks right after a completion.
      if ((pauses += 1) === 7) queueMicrotask(() => void rig.queue.commandMany(ids, 'pause'));
    });
    rig.queue.start();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (rig.queue.runningCount > 0 || rig.tasks.listInState('queued').length + rig.tasks.listInState('running').length > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(rig.queue.runningCount, 0);
    for (const id of ids) assert.match(rig.tasks.get(id)?.state ?? '', /^(paused|completed)$/);
    await rig.queue.commandMany(ids, 'resume');
    for (const id of ids) await waitForTask(rig, id, isState('completed'));
    for (const [index, size] of sizes.entries()) assert.equal(await sha256File(file(`p${index}.bin`)), sha256(makePayload(size, index + 1)));
  });

  test('stop while completions wait for their commit: every completion recorded, nothing running, leases released', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 4, maxPerHost: 4 });
    const sizes = Array.from({ length: 20 }, (_, index) => 3_000 + index * 11);
    const { tasks } = rig.queue.add(sizes.map((size, index) => ({ url: server.url(`/file?size=${size}&seed=${index + 1}&name=t${index}.bin`), dir: box.dir })));
    let stopping: Promise<void> | undefined;
    let count = 0;
    const original = rig.tasks.atomically.bind(rig.tasks);
    rig.tasks.atomically = <T>(work: () => T): T => {
      if (stopping === undefined && (count += 1) === 12) stopping = rig.queue.stop('interrupt');
      return original(work);
    };
    rig.queue.start();
    const deadline = Date.now() + 10_000;
    while (stopping === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await stopping;
    assert.equal(rig.queue.runningCount, 0);
    for (const [index, task] of tasks.entries()) {
      const now = rig.tasks.get(task.id);
      assert.ok(now);
      if (now.state === 'completed') assert.equal(await sha256File(file(`t${index}.bin`)), sha256(makePayload(sizes[index] ?? 0, index + 1)));
      assert.equal(rig.tasks.leaseOf(task.id)?.owner ?? null, null, `task ${task.id} (${now.state}) has no lease left`);
    }
  });
});

describe('stored ranges across restarts and connection counts', () => {
  test('segmented, restarted with one connection, stopped, restarted with four: stored ranges always match the .part, the file its sha256', { timeout: 60_000 }, async () => {
    const size = 8 << 20;
    const payload = makePayload(size, 23);
    const url = server.url(`/drip?size=${size}&seed=23&chunk=32768&every=10&name=mixed.bin`);
    const part = path.join(box.dir, 'mixed.bin.part');
    const checkStored = async (target: QueueRig, id: number): Promise<number> => {
      const rows = target.tasks.db.prepare<[number], { start: number; end: number; durable_end: number }>('SELECT start, end, durable_end FROM segments WHERE task_id = ? ORDER BY start').all(id);
      const onDisk = await readFile(part);
      for (const row of rows) assert.ok(onDisk.subarray(row.start, row.durable_end).equals(payload.subarray(row.start, row.durable_end)), `range ${row.start}-${row.durable_end}`);
      const durable = target.tasks.get(id)?.doneBytes ?? 0;
      if (rows.length === 0) assert.ok(onDisk.subarray(0, durable).equals(payload.subarray(0, durable)), `first ${durable} bytes`);
      return rows.length;
    };
    const runFor = async (connections: number, until: (target: QueueRig, id: number) => boolean): Promise<number> => {
      rig = makeQueueRig(box, { connections });
      let [task] = rig.tasks.list();
      if (task === undefined) [task] = rig.queue.add([{ url, dir: box.dir }]).tasks;
      assert.ok(task);
      rig.queue.start();
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !until(rig, task.id) && rig.tasks.get(task.id)?.state !== 'completed') await new Promise((resolve) => setTimeout(resolve, 20));
      await rig.queue.stop('interrupt');
      const rows = rig.tasks.get(task.id)?.state === 'completed' ? -1 : await checkStored(rig, task.id);
      await rig.close();
      return rows;
    };
    const progress = (at: number) => (target: QueueRig, id: number) => (target.queue.progressOf(id)?.bytes ?? 0) >= at;
    assert.ok((await runFor(4, progress(2 << 20))) >= 2, 'ranges stored');
    await runFor(1, progress(4 << 20));
    await runFor(1, progress(5 << 20));
    await runFor(4, progress(6 << 20));
    rig = makeQueueRig(box, { connections: 2 });
    const [task] = rig.tasks.list();
    assert.ok(task);
    rig.queue.start();
    const done = await waitForTask(rig, task.id, isState('completed', 'failed'));
    assert.equal(done.state, 'completed', done.message ?? '');
    assert.equal(await sha256File(file('mixed.bin')), sha256(payload));
    assert.equal(rig.tasks.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM segments').get()?.n, 0);
  });
});
