import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DownloadError } from '../../main/engine/download-error.js';
import { parseContentRange, planResponse, validatorFrom } from '../../main/engine/response-plan.js';

const now = 0;

describe('planResponse', () => {
  test('a 200 writes from zero, even when a range was asked for', () => {
    assert.deepEqual(planResponse(0, {}, 200, { 'content-length': '10' }, now), { kind: 'write', start: 0, total: 10, bodyLength: 10 });
    assert.deepEqual(planResponse(5, { totalBytes: 10 }, 200, { 'content-length': '10' }, now), { kind: 'write', start: 0, total: 10, bodyLength: 10 });
  });
  test('an encoded 200 has no known file size', () => {
    assert.deepEqual(planResponse(0, {}, 200, { 'content-length': '10', 'content-encoding': 'gzip' }, now), {
      kind: 'write',
      start: 0,
      total: undefined,
      bodyLength: 10,
    });
  });
  test('a 206 that starts where asked continues the file', () => {
    assert.deepEqual(planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'bytes 4-9/10', 'content-length': '6' }, now), {
      kind: 'write',
      start: 4,
      total: 10,
      bodyLength: 6,
    });
  });
  test('a 206 for another range, or a changed size, restarts from zero', () => {
    assert.equal(planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'bytes 0-9/10' }, now).kind, 'restart');
    assert.equal(planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'bytes 4-11/12' }, now).kind, 'restart');
    assert.equal(planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'garbage' }, now).kind, 'restart');
    assert.equal(planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'bytes 4-9/10', 'content-length': '3' }, now).kind, 'restart');
  });
  test('a 206 from another version of the file restarts it, whatever If-Range did: a strong ETag, Last-Modified and the size must all match', () => {
    const date = 'Mon, 01 Jan 2024 00:00:00 GMT';
    const later = 'Mon, 01 Jan 2024 00:00:01 GMT';
    const range = { 'content-range': 'bytes 4-9/10' };
    const plan = (validator: { etag?: string; lastModified?: string }, headers: Record<string, string>): unknown =>
      planResponse(4, { totalBytes: 10, validator }, 206, { ...range, ...headers }, now);
    assert.deepEqual(plan({ etag: '"a"', lastModified: date }, { etag: '"a"', 'last-modified': date }), { kind: 'write', start: 4, total: 10, bodyLength: 6 });
    assert.deepEqual(plan({ lastModified: date }, { 'last-modified': later }), {
      kind: 'restart',
      reason: `the file changed on the server (Last-Modified ${date}, now ${later})`,
      changed: true,
    });
    assert.equal((plan({ etag: '"a"' }, { etag: '"b"' }) as { changed: boolean }).changed, true);
    assert.equal((plan({ etag: '"a"' }, { etag: 'W/"a"' }) as { changed: boolean }).changed, true, 'a weak ETag proves nothing');
    assert.equal((plan({ etag: '"a"' }, {}) as { changed: boolean }).changed, true);
    assert.equal((plan({ etag: '"a"', lastModified: date }, { etag: '"a"', 'last-modified': later }) as { changed: boolean }).changed, true);
    const unknownSize = planResponse(4, { totalBytes: 10 }, 206, { 'content-range': 'bytes 4-9/*' }, now);
    assert.equal(unknownSize.kind === 'restart' && unknownSize.changed, true);
  });
  test('416 means complete only when the server size equals what we have', () => {
    assert.deepEqual(planResponse(10, { totalBytes: 10 }, 416, { 'content-range': 'bytes */10' }, now), { kind: 'complete', total: 10 });
    assert.equal(planResponse(10, { totalBytes: 10 }, 416, { 'content-range': 'bytes */8' }, now).kind, 'restart');
    assert.equal(planResponse(10, { totalBytes: 10 }, 416, {}, now).kind, 'restart');
  });
  test('errors carry their code, status and Retry-After', () => {
    assert.throws(
      () => planResponse(0, {}, 503, { 'retry-after': '3' }, now),
      (error: unknown) => error instanceof DownloadError && error.code === 'server_busy' && error.retryAfterMs === 3000 && error.status === 503,
    );
    assert.throws(() => planResponse(0, {}, 404, {}, now), (error: unknown) => error instanceof DownloadError && error.code === 'not_found');
    assert.throws(() => planResponse(0, {}, 416, {}, now), (error: unknown) => error instanceof DownloadError && error.code === 'http_error');
  });
});

describe('validatorFrom', () => {
  test('keeps a strong ETag and Last-Modified, ignores weak ETags', () => {
    assert.deepEqual(validatorFrom({ etag: '"abc"', 'last-modified': 'x' }), { etag: '"abc"', lastModified: 'x' });
    assert.deepEqual(validatorFrom({ etag: '"abc"' }), { etag: '"abc"' });
    assert.deepEqual(validatorFrom({ etag: 'W/"abc"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' }), {
      lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
    });
    assert.equal(validatorFrom({ etag: 'W/"abc"' }), undefined);
    assert.equal(validatorFrom({}), undefined);
  });
});

describe('parseContentRange', () => {
  test('reads the three forms and rejects nonsense', () => {
    assert.deepEqual(parseContentRange('bytes 0-99/1000'), { start: 0, end: 99, total: 1000 });
    assert.deepEqual(parseContentRange('bytes 0-99/*'), { start: 0, end: 99 });
    assert.deepEqual(parseContentRange('bytes */1000'), { total: 1000 });
    assert.equal(parseContentRange('bytes 99-0/1000'), undefined);
    assert.equal(parseContentRange('bytes 0-1000/1000'), undefined);
    assert.equal(parseContentRange('items 0-1/2'), undefined);
  });
  test('a number past 1 PiB or 2^53 is a bad answer, never a size', () => {
    const bad = (error: unknown): boolean => error instanceof DownloadError && error.code === 'bad_response';
    assert.throws(() => parseContentRange('bytes 0-4/99999999999999999999'), bad);
    assert.throws(() => parseContentRange(`bytes ${2 ** 53}-${2 ** 53 + 10}/*`), bad);
    assert.throws(() => parseContentRange(`bytes */${2 ** 50 + 1}`), bad);
    assert.deepEqual(parseContentRange(`bytes */${2 ** 50}`), { total: 2 ** 50 });
    assert.throws(() => planResponse(0, {}, 200, { 'content-length': '99999999999999999999' }, now), bad);
    assert.throws(() => planResponse(0, {}, 503, { 'retry-after': '99999999999999999999' }, now), bad);
    assert.throws(() => planResponse(0, {}, 503, { 'retry-after': '1' }, now), (error: unknown) => error instanceof DownloadError && error.code === 'server_busy');
  });
});
