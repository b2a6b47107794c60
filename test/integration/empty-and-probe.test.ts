import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli } from './cli-harness.js';
import { runDownload } from './engine-harness.js';
import { box, server, useFixtureSuite } from './fixture-suite.js';

const MiB = 1 << 20;
const emptySha256 = sha256(Buffer.alloc(0));

useFixtureSuite();

describe('empty files', () => {
  const cases = [
    ['416 with bytes */0 to the first request (bytes=0-)', '/empty?name=e.bin'],
    ['416 to a chunked file of no bytes', '/empty?chunked=1&name=e.bin'],
    ['200 with Content-Length: 0', '/ignore-range?size=0&name=e.bin'],
    ['a chunked 200 that ends at once', '/ignore-range?size=0&chunked=1&name=e.bin'],
  ] as const;
  for (const [what, route] of cases) {
    for (const connections of [1, 8]) {
      test(`${what} completes as an empty file, its checksum checked (${connections} connection${connections > 1 ? 's' : ''})`, async () => {
        const { error, state } = await runDownload(server.url(route), box.dir, {
          connections,
          // A 416 carries no Content-Disposition: the name is given, so every case ends under the same one.
          request: { fileName: 'e.bin', checksum: { algorithm: 'sha256', hex: emptySha256 } },
        });
        assert.equal(error, undefined, error?.message);
        assert.deepEqual(await box.files(), ['e.bin']);
        assert.equal((await stat(path.join(box.dir, 'e.bin'))).size, 0);
        // A chunked answer never announces its size.
        assert.ok(state.totalBytes === 0 || (state.totalBytes === undefined && route.includes('chunked')), `total ${state.totalBytes}`);
      });
    }
  }

  test('an empty file against a checksum of other bytes fails as checksum_mismatch and keeps nothing', async () => {
    const { error } = await runDownload(server.url('/empty?name=e.bin'), box.dir, {
      connections: 8,
      request: { checksum: { algorithm: 'sha256', hex: sha256(Buffer.from('x')) } },
    });
    assert.equal(error?.code, 'checksum_mismatch');
    assert.deepEqual(await box.files(), []);
  });

  test('the CLI (8 connections by default) saves an empty file and records it completed', async () => {
    const db = path.join(box.aside, 'queue.db');
    const run = await runCli(['get', server.url('/empty'), '-d', box.dir, '--db', db, '-o', 'e.bin']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await box.files(), ['e.bin']);
    const list = await runCli(['list', '--db', db, '--json']);
    const [task] = JSON.parse(list.stdout) as { state: string; totalBytes: number | null; doneBytes: number }[];
    assert.deepEqual([task?.state, task?.totalBytes, task?.doneBytes], ['completed', 0, 0]);
  });
});

describe('an unusable answer to the bytes=0- probe', () => {
  test('multipart/byteranges: a plain GET follows at once, and the file is right', async () => {
    const route = `/multipart?size=${3 * MiB}&name=m.bin`;
    const started = Date.now();
    // One attempt, no backoff: the fallback happens inside it.
    const { error } = await runDownload(server.url(route), box.dir, { connections: 8 });
    assert.equal(error, undefined, error?.message);
    assert.ok(Date.now() - started < 5_000);
    assert.equal(await sha256File(path.join(box.dir, 'm.bin')), sha256(makePayload(3 * MiB)));
    const requests = server.requestsTo(route);
    assert.deepEqual(
      requests.map((request) => request.headers.range),
      ['bytes=0-', undefined],
    );
  });
});
