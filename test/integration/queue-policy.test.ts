import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HttpClient } from '../../main/engine/http-client.js';
import { ManualClock } from '../fixtures/manual-clock.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { until } from '../fixtures/until.js';
import { isState, makeQueueRig, waitForTask, type QueueRig } from './queue-harness.js';
import { makeServiceRig, type ServiceRig } from './service-harness.js';
import { box, server, useFixtureSuite } from './fixture-suite.js';

let rigs: { close(): Promise<void> }[] = [];
useFixtureSuite({
  beforeRemoval: async () => {
    for (const rig of rigs) await rig.close();
    rigs = [];
  },
});

let keys = 0;
const key = (): string => `policy${(keys += 1)}`;

function queueRig(clock: ManualClock, retries = 2): QueueRig {
  // Backoff from a 1 s base with the jitter pinned at the middle: 750 ms, then 1500 ms.
  const rig = makeQueueRig(box, { retries, retryBaseMs: 1_000, retryMaxMs: 60_000 }, 'policy.db', clock);
  rigs.push(rig);
  return rig;
}

function serviceRig(options: { clock?: ManualClock; http?: HttpClient } = {}): ServiceRig {
  const rig = makeServiceRig(box, options);
  rigs.push(rig);
  return rig;
}

/** Counts the transfers the queue has let go of (their slot and timers released). */
function countEnded(rig: QueueRig): () => number {
  let ended = 0;
  rig.queue.events.on('transferEnded', () => (ended += 1));
  return () => ended;
}

describe('queue policy on a manual clock', () => {
  test('backoff: each retry waits its turn on the clock, doubling, and the task fails once the retries are used up', async () => {
    const clock = new ManualClock();
    const rig = queueRig(clock);
    const ended = countEnded(rig);
    const path = `/status/503?key=${key()}`;
    const [task] = rig.queue.add([{ url: server.url(path), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();

    const first = await waitForTask(rig, task.id, isState('retrying'));
    assert.equal(first.attempts, 1);
    assert.equal(first.reason, 'server_busy');
    assert.equal(first.nextAttemptAt, clock.now() + 750, 'the first backoff: half the base plus half of it jittered');
    await until(() => ended() === 1, 'the first attempt ends');
    assert.equal(clock.nextTimerAt, first.nextAttemptAt, 'the retry timer is armed for exactly then');

    clock.advance(749);
    assert.equal(rig.tasks.require(task.id).state, 'retrying', 'not a millisecond early');
    assert.equal(server.requestsTo(path).length, 1);

    clock.advance(1);
    const second = await waitForTask(rig, task.id, (now) => now.state === 'retrying' && now.attempts === 2);
    await until(() => ended() === 2, 'the second attempt ends');
    assert.equal(second.nextAttemptAt, clock.now() + 1_500, 'the second backoff doubles');
    assert.equal(server.requestsTo(path).length, 2);

    clock.advance(1_500);
    const failed = await waitForTask(rig, task.id, isState('failed'));
    await until(() => ended() === 3, 'the last attempt ends');
    assert.equal(failed.reason, 'server_busy');
    assert.equal(failed.attempts, 2);
    assert.equal(server.requestsTo(path).length, 3, 'one request per attempt: the first and two retries');
    assert.deepEqual(rig.history.get(task.id), ['running', 'retrying', 'queued', 'running', 'retrying', 'queued', 'running', 'failed']);
    assert.equal(clock.pendingTimers, 0, 'nothing left to wait for: no timer armed');
  });

  test('idle: once the work is done the queue has no timer armed', async () => {
    const clock = new ManualClock();
    const rig = queueRig(clock);
    const [task] = rig.queue.add([{ url: server.url(`/file?size=300000&name=idle.bin`), dir: box.dir }]).tasks;
    assert.ok(task);
    const ended = countEnded(rig);
    rig.queue.start();
    await waitForTask(rig, task.id, isState('completed'));
    await until(() => ended() === 1, 'the transfer ends');
    assert.equal(await sha256File(`${box.dir}/idle.bin`), sha256(makePayload(300_000)));
    assert.equal(rig.queue.runningCount, 0);
    assert.equal(clock.pendingTimers, 0);
  });

  test('idle: the service sends its last progress batch, then arms nothing and sends nothing', async () => {
    const clock = new ManualClock();
    const rig = serviceRig({ clock });
    rig.service.start();
    assert.equal(clock.pendingTimers, 0, 'an empty queue arms nothing at start');
    const { ids } = await rig.service.call('tasks.add', { urls: [server.url(`/file?size=200000&name=quiet.bin`)] });
    const [id] = ids;
    assert.ok(id !== undefined);
    await rig.waitForTask(id, (view) => view.state === 'completed');
    await until(() => rig.service.queue.runningCount === 0, 'the transfer ends');
    // The progress timer runs one more tick to send the final zero speed, then stops itself.
    clock.advance(1_000);
    assert.equal(clock.pendingTimers, 0, 'no timer armed with nothing running');
    const sent = rig.events.length;
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(rig.events.length, sent, 'a minute of idle time sends nothing');
    assert.deepEqual(rig.logged, []);
  });
});

describe('an unexpected exception', () => {
  test('fails the task as internal after one attempt, logged with its stack, never retried as a network failure', async () => {
    let calls = 0;
    const faulty: HttpClient = {
      request: () => {
        calls += 1;
        // A programming error in the transfer, as a bug would throw it.
        return Promise.reject(new TypeError("Cannot read properties of undefined (reading 'headers')"));
      },
    };
    const rig = serviceRig({ http: faulty });
    rig.service.start();
    const { ids } = await rig.service.call('tasks.add', { urls: [server.url(`/file?size=1000&name=bug.bin`)] });
    const [id] = ids;
    assert.ok(id !== undefined);
    const failed = await rig.waitForTask(id, (view) => view.state === 'failed');
    assert.equal(failed.reason, 'internal');
    const row = rig.service.tasks.require(id);
    assert.equal(row.attempts, 0, 'no automatic retry');
    assert.equal(calls, 1, 'one attempt');
    assert.equal(rig.logged.length, 1);
    assert.match(rig.logged[0] ?? '', /internal error[\s\S]*TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
  });
});

describe('a command on many tasks', () => {
  test('pausing everything pauses the queued ones first: no queued task starts in a slot a paused one frees', async () => {
    const rig = makeQueueRig(box, { maxConcurrent: 2 }, 'many.db');
    rigs.push(rig);
    const urls = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((name) => server.url(`/drip?size=300000&chunk=10000&every=20&name=${name}.bin`));
    const { tasks } = rig.queue.add(urls.map((url) => ({ url, dir: box.dir })));
    rig.queue.start();
    assert.equal(rig.queue.runningCount, 2);
    const { changed, refused } = await rig.queue.commandMany(
      tasks.map((task) => task.id),
      'pause',
    );
    assert.deepEqual(refused, []);
    assert.deepEqual(
      changed.map((task) => task.state),
      tasks.map(() => 'paused'),
    );
    assert.equal(rig.queue.runningCount, 0);
    for (const task of tasks.slice(2)) assert.deepEqual(rig.history.get(task.id), ['paused'], `task ${task.id} never ran`);
    const [gone] = tasks;
    assert.ok(gone);
    await rig.queue.remove(gone.id, { deleteFile: false });
    const again = await rig.queue.commandMany([gone.id, tasks[1]?.id ?? 0], 'resume');
    assert.equal(again.refused.length, 1, 'an unknown task is refused on its own; the rest go ahead');
    assert.deepEqual(
      again.changed.map((task) => task.state),
      ['queued'],
    );
  });
});
