import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RecordedRequest } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { defaultTransferLimits } from '../../main/engine/transfer-job.js';
import { runDownload } from './engine-harness.js';
import { box, file, server, useFixtureSuite } from './fixture-suite.js';
import { isState, makeQueueRig, waitForTask } from './queue-harness.js';

const MiB = 1 << 20;
const KiB = 1 << 10;

useFixtureSuite();

/**
 * Where the last of four ranges of a 7 MiB file starts: every range is under
 * twice the split minimum, so none is ever split and the last stays whole.
 */
const lastRange = 3 * Math.ceil((7 * MiB) / 4);

const size = 7 * MiB;

/** Downloads the file over four connections with the default idle timeout; checks the one attempt succeeded with the right bytes. Returns the seconds it took. */
async function downloadInOneAttempt(route: string, seed: number, name: string): Promise<number> {
  const started = Date.now();
  const outcome = await runDownload(server.url(route), box.dir, {
    connections: 4,
    limits: { idleTimeoutMs: defaultTransferLimits.idleTimeoutMs },
  });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(outcome.error, undefined, `the one attempt did not fail: ${outcome.error?.message}`);
  assert.equal(await sha256File(file(name)), sha256(makePayload(size, seed)));
  assert.deepEqual(await box.files(), [name]);
  return seconds;
}

/** Waits (at most a second) for the server to see every connection of `requests` closed. */
async function allClosed(requests: () => RecordedRequest[]): Promise<boolean> {
  const deadline = Date.now() + 1_000;
  while (requests().some((request) => !request.closed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return requests().every((request) => request.closed);
}

describe('the last range of a split download', () => {
  test('a stalled last range too small to split is asked for again on an idle connection: done in seconds, not after the idle timeout', { timeout: 60_000 }, async () => {
    // The last of four ranges sends 512 KiB and then nothing, with its socket left open.
    const route = `/stall-range?size=${size}&seed=31&from=${lastRange}&at=${512 * KiB}&key=tail&name=tail.bin`;
    const seconds = await downloadInOneAttempt(route, 31, 'tail.bin');
    assert.ok(seconds < 10, `finished after ${seconds.toFixed(1)} s (the idle timeout is ${defaultTransferLimits.idleTimeoutMs / 1000} s)`);
    const late = server.requestsTo(route).filter((request) => /^bytes=(\d+)-/.exec(request.headers.range ?? '')?.[1] !== '0');
    assert.ok(late.length >= 4, `the stalled range was asked for again: ${JSON.stringify(late.map((request) => request.headers.range))}`);
    assert.ok(await allClosed(() => server.requestsTo(route)), 'the stalled connection was closed');
  });
  test('a silent range that speaks again before the second request does keeps its connection; the second request is closed', { timeout: 60_000 }, async () => {
    // The last range is silent for 4.5 s, then sends the rest; a second request for it gets no answer at all.
    const route = `/stall-range?size=${size}&seed=33&from=${lastRange}&at=${512 * KiB}&resume=4500&hold=1&key=back&name=back.bin`;
    const seconds = await downloadInOneAttempt(route, 33, 'back.bin');
    assert.ok(seconds < 10, `finished after ${seconds.toFixed(1)} s`);
    const second = server.requestsTo(route).filter((request) => request.headers.range === `bytes=${lastRange + 512 * KiB}-${size - 1}`);
    assert.equal(second.length, 1, 'the silent range was asked for again once');
    assert.ok(await allClosed(() => second), 'the unanswered second request was closed');
  });
});

describe('the last range of a split download in the queue', () => {
  test('a reset on the last range is reconnected at once: the task completes without going through retrying', { timeout: 60_000 }, async () => {
    // The last range sends 512 KiB, is silent for half a second (the other ranges finish), then is reset, once.
    const route = `/reset-range?size=${size}&seed=32&from=${lastRange}&at=${512 * KiB}&after=500&key=reset&name=reset.bin`;
    const rig = makeQueueRig(box, { connections: 4, retryBaseMs: 5_000 });
    try {
      const [task] = rig.queue.add([{ url: server.url(route), dir: box.dir }]).tasks;
      assert.ok(task);
      const started = Date.now();
      rig.queue.start();
      const done = await waitForTask(rig, task.id, isState('completed', 'failed'), 30_000);
      assert.equal(done.state, 'completed', done.message ?? '');
      assert.equal(await sha256File(file('reset.bin')), sha256(makePayload(size, 32)));
      assert.deepEqual(await box.files(), ['reset.bin']);
      const states = rig.history.get(task.id) ?? [];
      assert.ok(!states.includes('retrying'), `states: ${states.join(' → ')}`);
      assert.ok(Date.now() - started < 5_000, `done after ${Date.now() - started} ms`);
      const ranges = server.requestsTo(route).map((request) => request.headers.range);
      assert.ok(ranges.includes(`bytes=${lastRange + 512 * KiB}-${size - 1}`), `the range was asked for again where it broke: ${JSON.stringify(ranges)}`);
    } finally {
      await rig.close();
    }
  });
});
