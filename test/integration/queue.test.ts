import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { GroupSummary } from '../../app/domain/group.js';
import type { Task } from '../../app/domain/task.js';
import { CommandRefusedError } from '../../main/queue/download-queue.js';
import { defaultQueueSettings } from '../../main/queue/queue-settings.js';
import { leaseIsVacant } from '../../main/queue/task-lease.js';
import { openDatabase } from '../../main/store/open-database.js';
import { InvalidTransitionError } from '../../main/store/task-store.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { isState, makeQueueRig, waitForBytes, waitForTask, type QueueRig } from './queue-harness.js';
import { box, file, server, useFixtureSuite } from './fixture-suite.js';

let rig: QueueRig;
useFixtureSuite({ beforeRemoval: () => rig.close() });

const drip = (name: string, size = 200_000, every = 20): string => server.url(`/drip?size=${size}&chunk=10000&every=${every}&name=${name}`);
/** A fresh rig running one 300 KB dripped download, once 50 KB of it have arrived. */
async function runningDrip(name: string): Promise<Task> {
  rig = makeQueueRig(box);
  const [task] = rig.queue.add([{ url: drip(name, 300_000), dir: box.dir }]).tasks;
  assert.ok(task);
  rig.queue.start();
  await waitForBytes(rig, task.id, 50_000);
  return task;
}
let keys = 0;
const key = (): string => `q${(keys += 1)}`;

describe('scheduling', () => {
  test('never runs more than the global cap, and runs everything', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 2 });
    const { tasks } = rig.queue.add(['a', 'b', 'c', 'd', 'e'].map((name) => ({ url: drip(`${name}.bin`, 60_000), dir: box.dir })));
    rig.queue.start();
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
    assert.equal(rig.peakRunning(), 2);
    assert.deepEqual(await box.files(), ['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin']);
    assert.equal(await sha256File(file('e.bin')), sha256(makePayload(60_000)));
  });

  test('the per-host cap holds while another host still gets a slot', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 4, maxPerHost: 1 });
    const other = server.origin.replace('127.0.0.1', 'localhost');
    let peakPerHost = 0;
    rig.queue.events.on('taskChanged', () => {
      const hosts = rig.tasks.listInState('running').map((task) => new URL(task.url).host);
      for (const host of hosts) peakPerHost = Math.max(peakPerHost, hosts.filter((other) => other === host).length);
    });
    const urls = [drip('h1.bin', 40_000), drip('h2.bin', 40_000), `${other}/drip?size=40000&chunk=10000&every=20&name=h3.bin`];
    const { tasks } = rig.queue.add(urls.map((url) => ({ url, dir: box.dir })));
    rig.queue.start();
    assert.equal(rig.queue.runningCount, 2, 'one per host');
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
    assert.equal(peakPerHost, 1);
  });

  test('a host at its cap with a long line behind it: the first task of another host, far down the queue, starts at once', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 2, maxPerHost: 1 });
    const other = server.origin.replace('127.0.0.1', 'localhost');
    // 30 queued for one host: more than a scheduling step reads first, so the other host's task is only in its second read.
    const sameHost = Array.from({ length: 30 }, (_, index) => ({ url: drip(`line${index}.bin`, 40_000, 40), dir: box.dir }));
    const { tasks } = rig.queue.add([...sameHost, { url: `${other}/drip?size=40000&chunk=10000&every=40&name=far.bin`, dir: box.dir }]);
    rig.queue.start();
    assert.equal(rig.queue.runningCount, 2, 'one per host, the far one included');
    assert.deepEqual(
      rig.tasks.listInState('running').map((task) => task.id),
      [tasks[0]?.id, tasks[30]?.id],
    );
    await rig.queue.stop('interrupt');
  });

  test('priority and manual order decide what runs first', async () => {
    rig = makeQueueRig(box, { maxConcurrent: 1 });
    const { tasks } = rig.queue.add(['p1', 'p2', 'p3'].map((name) => ({ url: drip(`${name}.bin`, 20_000), dir: box.dir })));
    const last = tasks[2];
    assert.ok(last);
    rig.queue.prioritize(last.id, 1);
    const order: number[] = [];
    rig.queue.events.on('taskChanged', (task) => {
      if (task.state === 'running') order.push(task.id);
    });
    rig.queue.start();
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
    assert.deepEqual(order, [last.id, tasks[0]?.id, tasks[1]?.id]);
  });
});

describe('adding', () => {
  test('a bad URL refuses the whole call and adds nothing', () => {
    rig = makeQueueRig(box);
    assert.throws(
      () => rig.queue.add([{ url: server.url('/file?size=10'), dir: box.dir }, { url: 'ftp://example.com/x', dir: box.dir }]),
      /only http and https/,
    );
    assert.throws(() => rig.queue.add([{ url: 'not a url', dir: box.dir }]), /not a valid http\(s\) URL/);
    assert.deepEqual(rig.tasks.list(), []);
  });

  test('a URL already in the queue is reported as a duplicate, and added only when the user says so', () => {
    rig = makeQueueRig(box);
    const url = server.url('/file?size=10&name=dup.bin');
    const first = rig.queue.add([{ url, dir: box.dir }, { url, dir: box.dir }]);
    assert.equal(first.tasks.length, 1, 'the same URL twice in one call is one download');
    const second = rig.queue.add([{ url, dir: box.dir }, { url: server.url('/file?size=11'), dir: box.dir }]);
    assert.equal(second.tasks.length, 1);
    assert.equal(second.duplicates.length, 1);
    assert.equal(second.duplicates[0]?.existing.id, first.tasks[0]?.id);
    const chosen = rig.queue.add([{ url, dir: box.dir }], { allowDuplicates: true });
    assert.equal(chosen.tasks.length, 1);
    assert.equal(rig.tasks.list().length, 3);
  });

  test('a destination that is not a folder fails the task with a clear reason', async () => {
    rig = makeQueueRig(box);
    await writeFile(file('not-a-folder'), 'x');
    const [task] = rig.queue.add([{ url: server.url('/file?size=10'), dir: file('not-a-folder') }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const failed = await waitForTask(rig, task.id, isState('failed'));
    assert.equal(failed.reason, 'file_error');
    assert.equal(failed.httpStatus, null, 'no answer of a server caused it');
    assert.match(failed.message ?? '', /ENOTDIR/);
  });
});

describe('retries', () => {
  test('a 503 with Retry-After waits in retrying, then completes', async () => {
    rig = makeQueueRig(box);
    const [task] = rig.queue.add([{ url: server.url(`/flaky?key=${key()}&fail=1&code=503&retry-after=1&size=5000&name=r.bin`), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const retrying = await waitForTask(rig, task.id, isState('retrying'));
    assert.equal(retrying.reason, 'server_busy');
    assert.equal(retrying.httpStatus, 503, 'the server\'s status is kept beside the reason');
    assert.equal(retrying.attempts, 1);
    assert.ok((retrying.nextAttemptAt ?? 0) - Date.now() > 700, 'honours Retry-After: 1');
    const done = await waitForTask(rig, task.id, isState('completed'));
    assert.equal(done.attempts, 0);
    assert.equal(done.httpStatus, null, 'success clears it');
    assert.deepEqual(rig.history.get(task.id), ['running', 'retrying', 'queued', 'running', 'completed']);
    assert.equal(await sha256File(file('r.bin')), sha256(makePayload(5000)));
  });

  test('retries are bounded: then failed with the reason; a user retry resets the counter', async () => {
    rig = makeQueueRig(box, { retries: 2 });
    const [task] = rig.queue.add([{ url: server.url('/status/500'), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const failed = await waitForTask(rig, task.id, isState('failed'));
    assert.equal(failed.reason, 'server_error');
    assert.equal(failed.attempts, 2);
    assert.equal(failed.httpStatus, 500);
    assert.match(failed.message ?? '', /HTTP 500/);
    const before = rig.history.get(task.id)?.length ?? 0;
    const retried = await rig.queue.command(task.id, 'retry');
    assert.equal(retried.state, 'queued');
    assert.equal(retried.httpStatus, null, 'a retry by the user clears it');
    await waitForTask(rig, task.id, isState('failed'));
    const after = rig.history.get(task.id)?.slice(before) ?? [];
    assert.equal(after.filter((state) => state === 'retrying').length, 2, `a fresh set of retries: ${after.join(' → ')}`);
    await waitForTask(rig, task.id, isState('failed'));
  });

  test('a task waiting to retry can be paused, and resuming it skips the rest of the wait', async () => {
    rig = makeQueueRig(box);
    const [task] = rig.queue.add([{ url: server.url(`/flaky?key=${key()}&fail=1&code=429&retry-after=60&size=3000&name=w.bin`), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    await waitForTask(rig, task.id, isState('retrying'));
    const paused = await rig.queue.command(task.id, 'pause');
    assert.equal(paused.state, 'paused');
    assert.equal(paused.nextAttemptAt, null);
    await rig.queue.command(task.id, 'resume');
    await waitForTask(rig, task.id, isState('completed'), 5_000);
    assert.deepEqual(rig.history.get(task.id), ['running', 'retrying', 'paused', 'queued', 'running', 'completed']);
  });

  test('a 404 fails at once, no retry', async () => {
    rig = makeQueueRig(box);
    const [task] = rig.queue.add([{ url: server.url('/status/404'), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const failed = await waitForTask(rig, task.id, isState('failed'));
    assert.equal(failed.reason, 'not_found');
    assert.equal(failed.httpStatus, 404);
    assert.deepEqual(rig.history.get(task.id), ['running', 'failed']);
  });

  // The engine runs one attempt (engine.test.ts checks each failure is retryable and resumable); trying again is the queue's.
  for (const [what, route, retried] of [
    ['a stalled body trips the idle watchdog, and the retry finishes the file', '/stall?size=200000&at=50000&times=1', 1],
    ['a chunked body cut once is finished by the retry', '/chunked-cut?size=80000&at=30000&times=1', 1],
    ['503 twice, then the file', '/flaky?fail=2&code=503&size=1000', 2],
    ['429 with Retry-After is retried, then the file', '/flaky?fail=1&code=429&retry-after=1&size=1000', 1],
  ] as const) {
    test(what, async () => {
      rig = makeQueueRig(box, { connections: 1, limits: { ...defaultQueueSettings.limits, connectTimeoutMs: 5_000, idleTimeoutMs: 300, checkpointIntervalMs: 50 } });
      const size = Number(/size=(\d+)/.exec(route)?.[1]);
      const [task] = rig.queue.add([{ url: server.url(`${route}&key=${key()}&name=t.bin`), dir: box.dir }]).tasks;
      assert.ok(task);
      rig.queue.start();
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'));
      assert.equal(done.state, 'completed', `${done.reason}: ${done.message}`);
      const history = rig.history.get(task.id) ?? [];
      assert.equal(history.filter((state) => state === 'retrying').length, retried, history.join(' → '));
      assert.equal(await sha256File(file('t.bin')), sha256(makePayload(size)));
    });
  }

  test('a server that resets every attempt still gets there, one piece at a time: an attempt that moved forward uses up no retry', async () => {
    // A few spare retries: bytes in flight when a reset lands can be lost before they are read.
    rig = makeQueueRig(box, { retries: 4, connections: 1 });
    const [task] = rig.queue.add([{ url: server.url(`/reset?size=200000&at=30000&times=20&key=${key()}&name=p.bin`), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const done = await waitForTask(rig, task.id, isState('completed', 'failed'));
    assert.equal(done.state, 'completed', `${done.reason}: ${done.message}`);
    const retried = rig.history.get(task.id)?.filter((state) => state === 'retrying').length ?? 0;
    assert.ok(retried >= 6, `${retried} retries`);
    assert.equal(await sha256File(file('p.bin')), sha256(makePayload(200_000)));
  });

  test('a server that accepts the connection but never answers is retried, then fails as connect_timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      rig = makeQueueRig(box, { retries: 1, limits: { ...defaultQueueSettings.limits, connectTimeoutMs: 200 } });
      const [task] = rig.queue.add([{ url: `http://127.0.0.1:${port}/x`, dir: box.dir }]).tasks;
      assert.ok(task);
      rig.queue.start();
      const failed = await waitForTask(rig, task.id, isState('failed'));
      assert.equal(failed.reason, 'connect_timeout');
      assert.deepEqual(rig.history.get(task.id), ['running', 'retrying', 'queued', 'running', 'failed']);
      assert.deepEqual(await box.files(), []);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('user commands', () => {
  test('pause keeps the .part; resume continues it with a Range request', async () => {
    rig = makeQueueRig(box);
    const url = drip('p.bin', 300_000);
    const [task] = rig.queue.add([{ url, dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    await waitForBytes(rig, task.id, 60_000);
    const paused = await rig.queue.command(task.id, 'pause');
    assert.equal(paused.state, 'paused');
    assert.equal(paused.reason, 'by_user');
    assert.ok(paused.doneBytes > 0);
    assert.ok((await stat(file('p.bin.part'))).size >= paused.doneBytes);
    await rig.queue.command(task.id, 'resume');
    await waitForTask(rig, task.id, isState('completed'));
    assert.equal(await sha256File(file('p.bin')), sha256(makePayload(300_000)));
    assert.equal(server.requestsTo('/drip?size=300000').at(-1)?.headers.range, `bytes=${paused.doneBytes}-`);
  });

  test('cancel stops the transfer and deletes the partial file', async () => {
    rig = makeQueueRig(box);
    const [task] = rig.queue.add([{ url: drip('c.bin', 300_000), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    await waitForBytes(rig, task.id, 30_000);
    const canceled = await rig.queue.command(task.id, 'cancel');
    assert.equal(canceled.state, 'canceled');
    assert.deepEqual(await box.files(), []);
  });

  test('commands that make no sense are refused with a reason, and nothing changes', async () => {
    rig = makeQueueRig(box);
    const [task] = rig.queue.add([{ url: server.url('/file?size=100&name=done.bin'), dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    await waitForTask(rig, task.id, isState('completed'));
    await assert.rejects(rig.queue.command(task.id, 'pause'), (error: unknown) => error instanceof CommandRefusedError && /already complete/.test(error.message));
    await assert.rejects(rig.queue.command(task.id, 'retry'), CommandRefusedError);
    assert.throws(() => rig.tasks.transition(task.id, 'running'), InvalidTransitionError);
    assert.equal(rig.tasks.require(task.id).state, 'completed');
    assert.deepEqual(await box.files(), ['done.bin']);
  });

  test('remove keeps the file unless asked, and always deletes the partial file', async () => {
    rig = makeQueueRig(box);
    const { tasks } = rig.queue.add([
      { url: server.url('/file?size=100&name=keep.bin'), dir: box.dir },
      { url: server.url('/file?size=100&name=drop.bin'), dir: box.dir },
      { url: drip('part.bin', 300_000), dir: box.dir },
    ]);
    const [keep, drop, partial] = tasks;
    assert.ok(keep && drop && partial);
    const removed: { id: number; fileDeleted: boolean }[] = [];
    rig.queue.events.on('taskRemoved', ({ id, fileDeleted }) => removed.push({ id, fileDeleted }));
    rig.queue.start();
    await waitForTask(rig, keep.id, isState('completed'));
    await waitForTask(rig, drop.id, isState('completed'));
    await waitForBytes(rig, partial.id, 20_000);
    await rig.queue.remove(keep.id, { deleteFile: false });
    await rig.queue.remove(drop.id, { deleteFile: true });
    await rig.queue.remove(partial.id, { deleteFile: false });
    assert.deepEqual(await box.files(), ['keep.bin']);
    assert.deepEqual(removed, [
      { id: keep.id, fileDeleted: false },
      { id: drop.id, fileDeleted: true },
      { id: partial.id, fileDeleted: false },
    ]);
    assert.deepEqual(rig.tasks.list(), []);
  });
});

describe('the network', () => {
  test('going offline parks running tasks in waiting_network; coming back resumes them', async () => {
    const task = await runningDrip('n.bin');
    rig.network.set(false);
    const waiting = await waitForTask(rig, task.id, isState('waiting_network'));
    assert.equal(waiting.reason, 'offline');
    rig.network.set(true);
    await waitForTask(rig, task.id, isState('completed'));
    assert.equal(await sha256File(file('n.bin')), sha256(makePayload(300_000)));
    assert.deepEqual(rig.history.get(task.id), ['running', 'waiting_network', 'queued', 'running', 'completed']);
  });

  test('a blip shorter than a transfer takes to stop leaves the task running again, not waiting for a change that already happened', async () => {
    const task = await runningDrip('blip.bin');
    rig.network.set(false);
    rig.network.set(true);
    const done = await waitForTask(rig, task.id, isState('completed', 'waiting_network', 'failed'));
    assert.equal(done.state, 'completed', `history: ${JSON.stringify(rig.history.get(task.id))}`);
    assert.equal(await sha256File(file('blip.bin')), sha256(makePayload(300_000)));
  });

  test('a pause asked for just before the network drops stays a pause', async () => {
    const task = await runningDrip('paused.bin');
    const pausing = rig.queue.command(task.id, 'pause');
    rig.network.set(false);
    assert.equal((await pausing).state, 'paused');
    assert.equal(rig.tasks.require(task.id).reason, 'by_user');
  });

  test('a task waiting for the network can be paused and canceled', async () => {
    rig = makeQueueRig(box);
    rig.network.set(false);
    const [task] = rig.queue.add([{ url: 'http://127.0.0.1:9/unreachable', dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    await waitForTask(rig, task.id, isState('waiting_network'));
    assert.equal((await rig.queue.command(task.id, 'pause')).state, 'paused');
    assert.equal((await rig.queue.command(task.id, 'cancel')).state, 'canceled');
    await assert.rejects(rig.queue.command(task.id, 'resume'), /canceled/);
  });

  test('a network failure while offline waits instead of burning retries', async () => {
    rig = makeQueueRig(box);
    rig.network.set(false);
    const [task] = rig.queue.add([{ url: 'http://127.0.0.1:9/unreachable', dir: box.dir }]).tasks;
    assert.ok(task);
    rig.queue.start();
    const waiting = await waitForTask(rig, task.id, isState('waiting_network'));
    assert.equal(waiting.attempts, 0);
  });
});

describe('groups', () => {
  test('a group announces once when every member is done, naming the failures', async () => {
    rig = makeQueueRig(box);
    const settled: { summary: GroupSummary; failed: readonly Task[] }[] = [];
    rig.queue.events.on('groupSettled', (event) => settled.push(event));
    const { tasks, group } = rig.queue.add(
      [
        { url: server.url('/file?size=1000&seed=1&name=g1.bin'), dir: box.dir },
        { url: server.url('/status/404'), dir: box.dir },
        { url: drip('g3.bin', 50_000), dir: box.dir },
      ],
      { group: 'holiday photos' },
    );
    assert.ok(group);
    rig.queue.start();
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed', 'failed'));
    assert.equal(settled.length, 1);
    assert.equal(settled[0]?.summary.group.name, 'holiday photos');
    assert.equal(settled[0]?.summary.count, 3);
    assert.equal(settled[0]?.summary.byState.completed, 2);
    assert.equal(settled[0]?.summary.state, 'failed');
    assert.deepEqual(settled[0]?.failed.map((task) => task.id), [tasks[1]?.id]);
  });

  test('a group pauses and resumes as one, with aggregate progress', async () => {
    rig = makeQueueRig(box);
    const { tasks, group } = rig.queue.add(
      ['ga', 'gb'].map((name) => ({ url: drip(`${name}.bin`, 200_000), dir: box.dir })),
      { group: 'pair' },
    );
    assert.ok(group);
    rig.queue.start();
    for (const task of tasks) await waitForBytes(rig, task.id, 20_000);
    await rig.queue.commandGroup(group.id, 'pause');
    const paused = rig.groups.summary(group.id);
    assert.equal(paused?.state, 'paused');
    assert.equal(paused?.totalBytes, 400_000);
    assert.ok((paused?.doneBytes ?? 0) > 0);
    await rig.queue.commandGroup(group.id, 'resume');
    for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
    assert.equal(rig.groups.summary(group.id)?.state, 'completed');
    assert.equal(rig.groups.summary(group.id)?.doneBytes, 400_000);
  });
});

describe('crash recovery', () => {
  test('a task left running resumes from its durable bytes; extra bytes in the .part are discarded', async () => {
    rig = makeQueueRig(box);
    const url = server.url('/file?size=100000&seed=9&name=crash.bin');
    const [task] = rig.tasks.insertMany([{ url, dir: box.dir }]);
    assert.ok(task);
    rig.tasks.transition(task.id, 'running');
    rig.tasks.saveTransferStates(new Map([[task.id, { url, fileName: 'crash.bin', totalBytes: 100_000, validator: { etag: '"9-100000"' }, durableBytes: 40_000 }]]), null);
    // What a crash leaves: the durable prefix, then bytes the database never heard of (here: garbage).
    await writeFile(file('crash.bin.part'), Buffer.concat([makePayload(100_000, 9).subarray(0, 40_000), Buffer.alloc(25_000, 7)]));
    rig.queue.start();
    await waitForTask(rig, task.id, isState('completed'));
    assert.deepEqual(rig.history.get(task.id), ['queued', 'running', 'completed']);
    assert.equal(await sha256File(file('crash.bin')), sha256(makePayload(100_000, 9)));
    assert.equal(server.requestsTo('/file?size=100000&seed=9').at(-1)?.headers.range, 'bytes=40000-');
  });

  test('a task whose .part vanished starts over', async () => {
    rig = makeQueueRig(box);
    const url = server.url('/file?size=30000&seed=4&name=gone.bin');
    const [task] = rig.tasks.insertMany([{ url, dir: box.dir }]);
    assert.ok(task);
    rig.tasks.transition(task.id, 'running');
    rig.tasks.saveTransferStates(new Map([[task.id, { url, fileName: 'gone.bin', totalBytes: 30_000, validator: { etag: '"4-30000"' }, durableBytes: 20_000 }]]), null);
    rig.queue.start();
    await waitForTask(rig, task.id, isState('completed'));
    assert.equal(await sha256File(file('gone.bin')), sha256(makePayload(30_000, 4)));
  });
});

describe('a failing database', () => {
  test('a database that refuses writes mid-transfer is reported as storeFailed, never an unhandled rejection', async () => {
    await runningDrip('store.bin');
    const failures: unknown[] = [];
    rig.queue.events.on('storeFailed', ({ error }) => failures.push(error));
    // Another program holds a write lock; this connection gives up at once instead of waiting.
    rig.tasks.db.pragma('busy_timeout = 0');
    const other = openDatabase(path.join(box.aside, 'queue.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const deadline = Date.now() + 5_000;
      while (failures.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(failures.length > 0, 'the failure was announced');
      assert.match(String(failures[0]), /locked|busy/i);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('two processes sharing a database', () => {
  test('a task one queue runs is left alone by another queue starting on the same database', async () => {
    const task = await runningDrip('shared.bin');
    const second = makeQueueRig(box);
    const elsewhere: number[] = [];
    second.queue.events.on('runningElsewhere', (running) => elsewhere.push(running.id));
    try {
      second.queue.start();
      assert.deepEqual(elsewhere, [task.id]);
      assert.equal(second.queue.runningCount, 0, 'the second queue does not run it too');
      await waitForTask(rig, task.id, isState('completed'));
      assert.equal(await sha256File(file('shared.bin')), sha256(makePayload(300_000)));
    } finally {
      await second.close();
    }
  });

  test('a claim is vacant once it expires or its process is gone, and held while its process lives', async () => {
    const now = Date.now();
    const owner = `${hostname()}:${process.pid}:test`;
    assert.equal(leaseIsVacant(undefined, now), true);
    assert.equal(leaseIsVacant({ owner, until: now + 10_000 }, now), false, 'this process is alive');
    assert.equal(leaseIsVacant({ owner, until: now - 1 }, now), true, 'expired');
    assert.equal(leaseIsVacant({ owner: `elsewhere.example:${process.pid}:x`, until: now + 10_000 }, now), false, 'another machine: only expiry frees it');
    const child = spawn(process.execPath, ['-e', '0']);
    await once(child, 'exit');
    assert.ok(child.pid !== undefined);
    assert.equal(leaseIsVacant({ owner: `${hostname()}:${child.pid}:gone`, until: now + 10_000 }, now), true, 'its process exited');
  });
});
