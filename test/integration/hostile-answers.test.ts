import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { jsonEvents, runCli } from './cli-harness.js';
import { runDownload } from './engine-harness.js';
import { box, server, useFixtureSuite } from './fixture-suite.js';

const TEST = { timeout: 30_000 };
const huge = '99999999999999999999';

useFixtureSuite();

describe('answers that are neither a response nor an error', () => {
  for (const code of [101, 102, 199]) {
    test(`a final ${code} ends the attempt at once as bad_response, not retried`, TEST, async () => {
      const started = Date.now();
      const { error } = await runDownload(server.url(`/informational?code=${code}`), box.dir, { limits: { connectTimeoutMs: 5_000 } });
      assert.equal(error?.code, 'bad_response', error?.message);
      assert.match(error?.message ?? '', new RegExp(`HTTP ${code}`));
      assert.equal(error?.retryable, false, 'not retried');
      assert.ok(Date.now() - started < 5_000, 'well within the timeout');
      assert.deepEqual(await box.files(), []);
    });
  }

  test('the CLI exits 1 on a 101 with --timeout 5, in seconds, and leaves nothing running', TEST, async () => {
    const db = path.join(box.aside, 'queue.db');
    const run = await runCli(['get', server.url('/informational?code=101'), '-d', box.dir, '--db', db, '--timeout', '5', '--json'], { timeoutMs: 20_000 });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(jsonEvents(run.stdout).find((event) => event['event'] === 'failed')?.['code'], 'bad_response');
    const list = await runCli(['list', '--db', db, '--json']);
    assert.deepEqual((JSON.parse(list.stdout) as { state: string }[]).map((task) => task.state), ['failed']);
  });
});

describe('numbers in headers', () => {
  const cases = [
    ['a Content-Range total of twenty digits', `status=206&h=content-range&v=${encodeURIComponent(`bytes 0-4/${huge}`)}`],
    ['a Content-Range end past 2^53', `status=206&h=content-range&v=${encodeURIComponent(`bytes 0-${huge}/*`)}`],
    ['a Content-Range start past 2^53', `status=206&h=content-range&v=${encodeURIComponent(`bytes ${huge}-${huge}/*`)}`],
    ['a Content-Length of twenty digits', `status=200&h=content-length&v=${huge}`],
    ['a Content-Length of 2 EiB', `status=200&h=content-length&v=${2 ** 61}`],
    ['a Retry-After of twenty digits', `status=503&h=retry-after&v=${huge}`],
  ] as const;
  for (const [what, query] of cases) {
    for (const connections of [1, 8]) {
      test(`${what} is a bad_response for that download (${connections} connection${connections > 1 ? 's' : ''})`, TEST, async () => {
        const { error } = await runDownload(server.url(`/header-lie?${query}`), box.dir, { connections });
        assert.equal(error?.code, 'bad_response', error?.message);
        assert.equal(error?.retryable, false, 'not retried');
        assert.deepEqual(await box.files(), [], 'no partial file is left behind');
      });
    }
  }

  test('a hostile Content-Range stops only its own task: the other one completes, nothing stays running, re-runs leave no .part', TEST, async () => {
    const db = path.join(box.aside, 'queue.db');
    const hostile = server.url(`/header-lie?h=content-range&v=${encodeURIComponent(`bytes 0-4/${huge}`)}`);
    const fine = server.url('/drip?size=300000&chunk=30000&every=20&name=fine.bin');
    for (let run = 1; run <= 2; run += 1) {
      const result = await runCli(['get', hostile, fine, '-d', box.dir, '--db', db, '--json'], { timeoutMs: 20_000 });
      assert.equal(result.code, 1, result.stderr);
      const failed = jsonEvents(result.stdout).filter((event) => event['event'] === 'failed');
      assert.deepEqual(failed.map((event) => event['code']), ['bad_response']);
      assert.deepEqual(await box.files(), ['fine.bin'], `run ${run}: no orphaned .part`);
      assert.equal(await sha256File(path.join(box.dir, 'fine.bin')), sha256(makePayload(300_000)));
      const list = await runCli(['list', '--db', db, '--json']);
      const states = (JSON.parse(list.stdout) as { url: string; state: string }[]).map((task) => [task.url, task.state]);
      assert.deepEqual(states, [
        [hostile, 'failed'],
        [fine, 'completed'],
      ]);
    }
  });
});
