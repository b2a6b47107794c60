import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { etagFor, FIXTURE_LAST_MODIFIED } from '../fixtures/routes/file-options.js';
import { runDownload } from './engine-harness.js';
import { box, server, useFixtureSuite } from './fixture-suite.js';

const MiB = 1 << 20;
const TEST = { timeout: 30_000 };

useFixtureSuite();

let keys = 0;
const key = (): string => `k${(keys += 1)}`;
const dateOf = (version: number): string => new Date(FIXTURE_LAST_MODIFIED.getTime() + version * 1000).toUTCString();

/**
 * A server that ignores If-Range and whose file is replaced after the first
 * request: whatever the path, the file on disk must be the new version whole,
 * never the old version's first bytes followed by the new one's rest.
 */
describe('a file that changes on the server is never spliced', () => {
  test('one connection, Last-Modified only: the resume gets a newer date, and the download starts again from byte 0', TEST, async () => {
    const size = 6 * MiB;
    const query = `/changed-once?size=${size}&etag=none&at=${4 * MiB}&key=${key()}&name=one.bin`;
    const cut = await runDownload(server.url(query), box.dir, { connections: 1 });
    assert.equal(cut.error?.retryable, true, `${cut.error?.code}: ${cut.error?.message}`);
    const { error, state } = await runDownload(server.url(query), box.dir, { connections: 1, state: cut.state });
    assert.equal(error, undefined, error?.message);
    assert.equal(await sha256File(path.join(box.dir, 'one.bin')), sha256(makePayload(size, 2)));
    assert.deepEqual(await box.files(), ['one.bin']);
    const requests = server.requestsTo(query);
    assert.match(requests[1]?.headers.range ?? '', /^bytes=[1-9]\d*-$/, 'the second request resumed');
    assert.equal(requests[1]?.headers['if-range'], dateOf(1));
    assert.equal(requests.at(-1)?.headers.range, undefined, 'the last request asked for the whole file');
    assert.equal(state.validator?.lastModified, dateOf(2));
  });

  for (const [validator, etag] of [
    ['Last-Modified only', 'none'],
    ['a strong ETag', 'strong'],
  ] as const) {
    test(`eight connections, ${validator}: ranges of the new version are never written beside the old one`, TEST, async () => {
      const size = 16 * MiB;
      const query = `/changed-once?size=${size}&etag=${etag}&key=${key()}&name=eight.bin`;
      const { error, state } = await runDownload(server.url(query), box.dir, { connections: 8 });
      assert.equal(error, undefined, error?.message);
      assert.equal(await sha256File(path.join(box.dir, 'eight.bin')), sha256(makePayload(size, 2)));
      assert.deepEqual(await box.files(), ['eight.bin']);
      assert.equal(state.validator?.lastModified, dateOf(2));
      if (etag === 'strong') assert.equal(state.validator?.etag, etagFor(2, size));
    });
  }
});
