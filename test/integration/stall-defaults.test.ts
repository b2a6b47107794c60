import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { jsonEvents, runCli } from './cli-harness.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let server: FixtureServer;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());

/** Each test its own folder: these tests run side by side. */
async function inSandbox(work: (box: Sandbox) => Promise<void>): Promise<void> {
  const box = await makeSandbox();
  try {
    await work(box);
    assert.deepEqual(await box.strays(), []);
  } finally {
    await box.remove();
  }
}

let keys = 0;
const key = (): string => `k${(keys += 1)}`;

interface Recovery {
  readonly seconds: number;
  readonly retryCodes: unknown[];
}

/** Runs `get` with its default timeouts (no --timeout) and returns how long the whole recovery took. */
async function getWithDefaults(box: Sandbox, route: string, name: string, args: readonly string[] = []): Promise<Recovery> {
  const db = path.join(box.aside, `${name}.db`);
  const started = Date.now();
  const run = await runCli(['get', server.url(route), '-d', box.dir, '--db', db, '--json', ...args], { timeoutMs: 70_000 });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(run.code, 0, run.stderr);
  const retryCodes = jsonEvents(run.stdout)
    .filter((event) => event['event'] === 'retry')
    .map((event) => event['code']);
  return { seconds, retryCodes };
}

// Both recoveries wait out real default timeouts (20 s and 30 s): they run side by side.
describe('stalls are noticed within seconds with the default timeouts', { concurrency: true }, () => {
  test('a body that goes silent: a retryable stall after 20 s, the retry resumes, the file is byte-identical, all well under a minute', { timeout: 70_000 }, () =>
    inSandbox(async (box) => {
    const k = key();
    const route = `/stall?size=300000&at=100000&times=1&key=${k}&name=body.bin`;
    const { seconds, retryCodes } = await getWithDefaults(box, route, 'body', ['-c', '1']);
    assert.equal(await sha256File(path.join(box.dir, 'body.bin')), sha256(makePayload(300_000)));
    assert.deepEqual(retryCodes, ['stalled']);
    assert.ok(seconds >= 19 && seconds < 40, `${seconds.toFixed(1)} s`);
    assert.match(server.requestsTo(route)[1]?.headers.range ?? '', /^bytes=[1-9]\d*-$/, 'the retry resumed with Range');
  }));

  test('a server that sends no headers: a retryable timeout after 30 s, then the file, well under a minute', { timeout: 70_000 }, () =>
    inSandbox(async (box) => {
    const k = key();
    const route = `/silent?size=300000&times=1&key=${k}&name=head.bin`;
    const { seconds, retryCodes } = await getWithDefaults(box, route, 'head');
    assert.equal(await sha256File(path.join(box.dir, 'head.bin')), sha256(makePayload(300_000)));
    assert.deepEqual(retryCodes, ['connect_timeout']);
    assert.ok(seconds >= 29 && seconds < 50, `${seconds.toFixed(1)} s`);
  }));

  test('--timeout sets both: a silent body and silent headers are each given up on after 2 s', { timeout: 30_000 }, () =>
    inSandbox(async (box) => {
    const bodyRoute = `/stall?size=300000&at=100000&times=1&key=${key()}&name=b2.bin`;
    const headRoute = `/silent?size=300000&times=1&key=${key()}&name=h2.bin`;
    const body = await getWithDefaults(box, bodyRoute, 'b2', ['--timeout', '2', '-c', '1']);
    const head = await getWithDefaults(box, headRoute, 'h2', ['--timeout', '2']);
    assert.deepEqual([body.retryCodes, head.retryCodes], [['stalled'], ['connect_timeout']]);
    // Measured at the server, so a slow process start on a loaded machine does not count: 2 s, plus a backoff of at most 1 s.
    for (const route of [bodyRoute, headRoute]) {
      const [first, second] = server.requestsTo(route);
      const gap = (second?.receivedAt ?? Infinity) - (first?.receivedAt ?? 0);
      assert.ok(gap >= 1_900 && gap < 6_000, `${route}: retried after ${gap} ms`);
    }
  }));
});
