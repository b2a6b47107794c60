import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../main/store/open-database.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { isState, makeQueueRig, waitForTask, type QueueRig } from './queue-harness.js';
import { box, file, server, useFixtureSuite } from './fixture-suite.js';
import { until } from '../fixtures/until.js';

/*
 * A completion whose commit the database refuses (another program holding the
 * write lock past the busy timeout, a full disk): the file is whole on disk,
 * and the queue records it as soon as the database accepts it, holding its slot
 * meanwhile, and goes on filling. Real database file, real HTTP on loopback,
 * a real lock taken by a second connection.
 */

let rig: QueueRig;
let other: Database | undefined;
useFixtureSuite({
  beforeRemoval: async () => {
    if (other?.open === true) {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
    await rig.close();
  },
});

const dripPath = (name: string, size: number): string => `/drip?size=${size}&chunk=10000&every=20&name=${name}`;

/**
 * Another connection takes the write lock just as the queue's `nth` completion commit begins (this
 * connection gives up at once instead of waiting: busy_timeout 0). `release()` lets it go.
 */
function lockAtCompletion(target: QueueRig, nth: number): { locked: () => boolean; release: () => void } {
  target.tasks.db.pragma('busy_timeout = 0');
  const holder = openDatabase(path.join(box.aside, 'queue.db'));
  other = holder;
  const original = target.tasks.atomically.bind(target.tasks);
  let seen = 0;
  let locked = false;
  target.tasks.atomically = <T>(work: () => T): T => {
    if (new Error().stack?.includes('commitCompleted') === true && (seen += 1) === nth) {
      holder.exec('BEGIN IMMEDIATE');
      locked = true;
    }
    return original(work);
  };
  return {
    locked: () => locked,
    release: () => {
      if (holder.inTransaction) holder.exec('ROLLBACK');
    },
  };
}

/**
 * Completion commits `nth` to `nth + times - 1` fail once their work is done, as a commit refused by a
 * full disk would (simulated: SQLite rolls it back). `failed()` counts them.
 */
function failCompletionAfterWork(target: QueueRig, nth: number, times = 1): { failed: () => number } {
  const original = target.tasks.atomically.bind(target.tasks);
  let seen = 0;
  let failed = 0;
  target.tasks.atomically = <T>(work: () => T): T => {
    const attempt = new Error().stack?.includes('commitCompleted') === true ? (seen += 1) : 0;
    const fails = attempt >= nth && attempt < nth + times;
    return original(() => {
      const result = work();
      if (fails) {
        failed += 1;
        throw new Error('SQLITE_FULL: database or disk is full (simulated)');
      }
      return result;
    });
  };
  return { failed: () => failed };
}

function storeFailures(target: QueueRig): string[] {
  const failures: string[] = [];
  target.queue.events.on('storeFailed', ({ error }) => failures.push(String(error)));
  return failures;
}

/** The most tasks announced running at once (a task re-announced running is counted once). */
function runningAtOnce(target: QueueRig): () => number {
  const running = new Set<number>();
  let peak = 0;
  target.queue.events.on('taskChanged', (task) => {
    if (task.state === 'running') running.add(task.id);
    else running.delete(task.id);
    peak = Math.max(peak, running.size, target.queue.runningCount);
  });
  return () => peak;
}

describe('a completion the database refuses for a while', () => {
  test('is recorded once the lock is released, its slot held meanwhile, and the queue goes on by itself', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const sizes = [20_000, 30_000, 25_000];
    const { tasks } = rig.queue.add(sizes.map((size, index) => ({ url: server.url(dripPath(`r${index}.bin`, size)), dir: box.dir })));
    const failures = storeFailures(rig);
    const peak = runningAtOnce(rig);
    const lock = lockAtCompletion(rig, 1);
    rig.queue.start();
    await until(lock.locked, 'the first completion commit');
    // Held across the first retry too: the completion fails at least twice.
    setTimeout(lock.release, 600);
    // Nothing else happens to the queue: no add, no command, no network change.
    for (const task of tasks) {
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'), 8_000);
      assert.equal(done.state, 'completed', done.message ?? '');
    }
    for (const [index, size] of sizes.entries()) assert.equal(await sha256File(file(`r${index}.bin`)), sha256(makePayload(size)));
    for (const index of sizes.keys()) assert.equal(server.requestsTo(dripPath(`r${index}.bin`, sizes[index] ?? 0)).length, 1, `r${index}.bin requested once`);
    assert.equal(failures.length, 1, `reported once while failing: ${failures.join(' | ')}`);
    assert.match(failures[0] ?? '', /locked|busy/i);
    assert.equal(peak(), 1, 'the cap held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(rig.queue.runningCount, 0);
    assert.equal(rig.tasks.listInState('running').length, 0);
  });

  test('stop while it keeps failing returns at once; the next start completes it from the file, with no second download', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const { tasks } = rig.queue.add([
      { url: server.url(dripPath('s0.bin', 20_000)), dir: box.dir },
      { url: server.url(dripPath('s1.bin', 30_000)), dir: box.dir },
    ]);
    const [first, second] = tasks;
    assert.ok(first && second);
    const failures = storeFailures(rig);
    const lock = lockAtCompletion(rig, 1);
    rig.queue.start();
    await until(() => failures.length > 0, 'the first failure reported');
    // Several retries, all refused.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(failures.length, 1, `reported once while failing: ${failures.join(' | ')}`);
    assert.equal(rig.tasks.get(second.id)?.state, 'queued', 'the next task waits for the slot');
    const started = Date.now();
    const stopping = rig.queue.stop('interrupt');
    // Let go once stop has begun: the completion is refused to the end, what stop writes after it is not.
    lock.release();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopping, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('stop() hung on the failing completion')), 2_000)))]);
    clearTimeout(timer);
    assert.ok(Date.now() - started < 1_000, `stopped in ${Date.now() - started} ms`);
    assert.equal(rig.tasks.get(first.id)?.state, 'running', 'left for recovery at the next start');
    assert.equal(rig.tasks.leaseOf(first.id)?.owner ?? null, null, 'its claim given up');
    await rig.close();

    rig = makeQueueRig(box, { maxConcurrent: 1 });
    rig.queue.start();
    for (const task of tasks) {
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'), 8_000);
      assert.equal(done.state, 'completed', done.message ?? '');
    }
    assert.equal(await sha256File(file('s0.bin')), sha256(makePayload(20_000)));
    assert.equal(await sha256File(file('s1.bin')), sha256(makePayload(30_000)));
    assert.equal(server.requestsTo(dripPath('s0.bin', 20_000)).length, 1, 'no second download of the finished file');
    assert.equal(server.requestsTo(dripPath('s1.bin', 30_000)).length, 1);
  });

  test('a commit refused after its writes (disk full) twice: the slot stays taken though a download is added meanwhile, then everything completes', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const sizes = [20_000, 30_000, 25_000];
    const { tasks } = rig.queue.add(sizes.slice(0, 2).map((size, index) => ({ url: server.url(dripPath(`f${index}.bin`, size)), dir: box.dir })));
    const failures = storeFailures(rig);
    const peak = runningAtOnce(rig);
    const commit = failCompletionAfterWork(rig, 1, 2);
    rig.queue.start();
    await until(() => commit.failed() > 0, 'the first completion refused');
    // An event that fills the queue while the completion waits for its next attempt.
    const added = rig.queue.add([{ url: server.url(dripPath('f2.bin', sizes[2] ?? 0)), dir: box.dir }]).tasks;
    assert.equal(rig.tasks.get(added[0]?.id ?? 0)?.state, 'queued', 'not started in the slot the completion still holds');
    for (const task of [...tasks, ...added]) {
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'), 8_000);
      assert.equal(done.state, 'completed', done.message ?? '');
    }
    assert.equal(commit.failed(), 2);
    for (const [index, size] of sizes.entries()) assert.equal(await sha256File(file(`f${index}.bin`)), sha256(makePayload(size)));
    assert.equal(failures.length, 1, `reported once while failing: ${failures.join(' | ')}`);
    assert.equal(peak(), 1, 'the cap held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(rig.queue.runningCount, 0);
    assert.equal(rig.tasks.listInState('running').length, 0);
  });

  test("a group whose last member's completion is refused is announced settled once, after it is recorded", async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const { tasks, group } = rig.queue.add(
      [
        { url: server.url(dripPath('g0.bin', 20_000)), dir: box.dir },
        { url: server.url(dripPath('g1.bin', 30_000)), dir: box.dir },
      ],
      { group: 'pair' },
    );
    assert.ok(group);
    // What the database holds just after each announcement (the transaction it came from has ended by then).
    const announced: { settledAt: number | null; states: string[] }[] = [];
    let heard: () => void = () => undefined;
    const firstAnnounced = new Promise<void>((resolve) => (heard = resolve));
    rig.queue.events.on('groupSettled', () => {
      setImmediate(() => {
        announced.push({ settledAt: rig.groups.summary(group.id)?.group.settledAt ?? null, states: tasks.map((task) => rig.tasks.get(task.id)?.state ?? 'gone') });
        heard();
      });
    });
    // A lock refuses BEGIN, before anything is announced; a full disk refuses the writes or the COMMIT, after.
    const commit = failCompletionAfterWork(rig, 2);
    rig.queue.start();
    await Promise.race([firstAnnounced, new Promise((_, reject) => setTimeout(() => reject(new Error('group never announced settled')), 8_000))]);
    assert.notEqual(announced[0]?.settledAt ?? null, null, `announced settled while the database says otherwise: ${JSON.stringify(announced[0])}`);
    assert.deepEqual(announced[0]?.states, ['completed', 'completed']);
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'), 8_000);
    assert.equal(commit.failed(), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(announced.length, 1, 'announced once');
  });
});
