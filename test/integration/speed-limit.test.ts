import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli } from './cli-harness.js';
import { systemClock } from '../../main/engine/clock.js';
import { TokenBucket } from '../../main/engine/token-bucket.js';
import { makeSandbox, runDownload, type Sandbox } from './engine-harness.js';
import { isState, makeQueueRig, waitForBytes, waitForTask, type QueueRig } from './queue-harness.js';

const KiB = 1024;
let server: FixtureServer;
let box: Sandbox;
let rig: QueueRig | undefined;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(async () => {
  box = await makeSandbox();
  rig = undefined;
});
afterEach(async () => {
  await rig?.close();
  await box.remove();
});

/** Seconds a limited transfer should take: the first quarter second of the rate passes as a burst. */
const expectedSeconds = (bytes: number, rate: number): number => (bytes - rate / 4) / rate;

function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= expected * tolerance, `${what}: ${actual.toFixed(2)} s, expected ${expected.toFixed(2)} s ± ${tolerance * 100} %`);
}

test('a global limit shared by two downloads holds their total to the rate', async () => {
  const rate = 400 * KiB;
  rig = makeQueueRig(box, { speedLimit: rate, maxConcurrent: 2 });
  const { tasks } = rig.queue.add([
    { url: server.url('/file?size=819200&seed=1&name=a.bin'), dir: box.dir },
    { url: server.url('/file?size=819200&seed=2&name=b.bin'), dir: box.dir },
  ]);
  const started = Date.now();
  rig.queue.start();
  for (const task of tasks) await waitForTask(rig, task.id, isState('completed'));
  assertNear((Date.now() - started) / 1000, expectedSeconds(2 * 819_200, rate), 0.12, 'two files under one limit');
  assert.equal(await sha256File(path.join(box.dir, 'b.bin')), sha256(makePayload(819_200, 2)));
});

test("a task's own limit can be raised while it runs", async () => {
  rig = makeQueueRig(box);
  const [task] = rig.queue.add([{ url: server.url('/file?size=1638400&seed=3&name=c.bin'), dir: box.dir }]).tasks;
  assert.ok(task);
  rig.queue.setSpeedLimit(task.id, 200 * KiB);
  const started = Date.now();
  rig.queue.start();
  await waitForBytes(rig, task.id, 1);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const slowBytes = rig.queue.progressOf(task.id)?.bytes ?? 0;
  assert.ok(slowBytes < 400 * KiB, `${slowBytes} bytes in the first second at 200 KiB/s`);
  rig.queue.setSpeedLimit(task.id, 800 * KiB);
  await waitForTask(rig, task.id, isState('completed'));
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds > 2 && seconds < 3.8, `${seconds.toFixed(2)} s: 1 s slow, then about 1.6 s fast (8 s if the change were ignored)`);
  assert.equal(await sha256File(path.join(box.dir, 'c.bin')), sha256(makePayload(1_638_400, 3)));
});

test('peregrine get --limit limits the download', async () => {
  const db = path.join(box.aside, 'queue.db');
  const route = '/file?size=1228800&name=l.bin&key=cli-limit';
  const run = await runCli(['get', server.url(route), '-d', box.dir, '--db', db, '--limit', '600K', '-q']);
  assert.equal(run.code, 0, run.stderr);
  // Timed from the request's arrival, so a slow process start on a busy machine is not counted as transfer time.
  const [request] = server.requestsTo(route);
  assert.ok(request);
  const seconds = (Date.now() - request.receivedAt) / 1000;
  assert.ok(seconds >= expectedSeconds(1_228_800, 600 * KiB) * 0.95 && seconds < expectedSeconds(1_228_800, 600 * KiB) + 1.2, `${seconds.toFixed(2)} s`);
  assert.equal(await sha256File(path.join(box.dir, 'l.bin')), sha256(makePayload(1_228_800, 1)));
  const bad = await runCli(['get', server.url('/file?size=10'), '--db', db, '--limit', 'fast']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected a speed such as 500K/);
});

test('waiting on a low limit is not the server stalling: the idle timeout does not fire', async () => {
  // 64 KiB chunks at 40 KiB/s wait well over a second each, far past this 300 ms idle timeout.
  const outcome = await runDownload(server.url('/file?size=150000&seed=3&name=slow.bin'), box.dir, {
    limiters: [new TokenBucket(40 * KiB, systemClock)],
    limits: { idleTimeoutMs: 300 },
  });
  assert.equal(outcome.error, undefined, outcome.error?.message);
  assert.equal(await sha256File(path.join(box.dir, 'slow.bin')), sha256(makePayload(150_000, 3)));
});

test('one limit holds across all the connections of a segmented download', async () => {
  const rate = 1024 * KiB;
  const size = 2560 * KiB;
  const started = Date.now();
  const outcome = await runDownload(server.url(`/file?size=${size}&seed=4&name=split.bin`), box.dir, {
    connections: 4,
    limiters: [new TokenBucket(rate, systemClock)],
  });
  assert.equal(outcome.error, undefined, outcome.error?.message);
  assert.ok(server.requestsTo(`/file?size=${size}&seed=4`).length >= 2, 'the file was split');
  // Never faster than the limit (−12 %). Slower is bounded looser (+40 %): four connections on a busy machine
  // miss tokens while descheduled (the bucket keeps at most a quarter second), e.g. 2.91 s for 2.25 s at load 6
  // in a fresh-clone CI run, then 2.25 s when quiet; it still fails a limiter holding the download well under its rate.
  const seconds = (Date.now() - started) / 1000;
  const expected = expectedSeconds(size, rate);
  assert.ok(seconds >= expected * 0.88 && seconds <= expected * 1.4, `four connections under one limit: ${seconds.toFixed(2)} s, expected ${expected.toFixed(2)} s (−12 % … +40 %)`);
  assert.equal(await sha256File(path.join(box.dir, 'split.bin')), sha256(makePayload(size, 4)));
});
