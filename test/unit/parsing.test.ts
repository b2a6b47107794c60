import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseChecksum } from '../../app/domain/checksum.js';
import { parseHeaderLine } from '../../app/domain/request-header.js';
import { formatBytes, formatDuration, parseByteSize } from '../../app/domain/units.js';
import { canTransition } from '../../app/domain/task-state.js';
import { parseDownloadUrl } from '../../main/engine/download-url.js';

describe('parseChecksum', () => {
  test('accepts the three algorithms with the right length', () => {
    assert.deepEqual(parseChecksum(`sha256=${'AB'.repeat(32)}`), { algorithm: 'sha256', hex: 'ab'.repeat(32) });
    assert.deepEqual(parseChecksum(`SHA-1:${'0'.repeat(40)}`), { algorithm: 'sha1', hex: '0'.repeat(40) });
    assert.deepEqual(parseChecksum(`md5=${'f'.repeat(32)}`), { algorithm: 'md5', hex: 'f'.repeat(32) });
  });
  test('rejects wrong lengths, unknown algorithms and junk', () => {
    assert.equal(parseChecksum(`sha256=${'a'.repeat(63)}`), undefined);
    assert.equal(parseChecksum(`crc32=${'a'.repeat(8)}`), undefined);
    assert.equal(parseChecksum('sha256'), undefined);
    assert.equal(parseChecksum(`sha256=${'g'.repeat(64)}`), undefined);
  });
});

describe('parseHeaderLine', () => {
  test('reads Name: value', () => {
    assert.deepEqual(parseHeaderLine('Authorization: Bearer x:y'), { ok: true, name: 'authorization', value: 'Bearer x:y' });
  });
  test('refuses malformed, injected and reserved headers', () => {
    assert.equal(parseHeaderLine('no colon').ok, false);
    assert.equal(parseHeaderLine('Bad Name: x').ok, false);
    assert.equal(parseHeaderLine('X-A: 1\r\nX-B: 2').ok, false);
    assert.equal(parseHeaderLine('Range: bytes=0-').ok, false);
    assert.equal(parseHeaderLine('accept-encoding: gzip').ok, false);
    // What Node refuses to send: control characters and anything beyond Latin-1 (C1 controls refused too).
    for (const value of ['a\u0001b', 'a\u007fb', 'a\u0085b', 'tok\u20acn', 'caf\u00e9 \u{1F600}', 'x\u202Ey']) {
      assert.equal(parseHeaderLine(`X-Token: ${value}`).ok, false, JSON.stringify(value));
    }
    assert.deepEqual(parseHeaderLine('X-Name: caf\u00e9\tau lait'), { ok: true, name: 'x-name', value: 'caf\u00e9\tau lait' });
  });
});

describe('parseDownloadUrl', () => {
  test('accepts http(s) and drops the fragment', () => {
    assert.equal(parseDownloadUrl(' https://example.com/a b#frag ').href, 'https://example.com/a%20b');
  });
  test('refuses other schemes and garbage with a clear message', () => {
    assert.throws(() => parseDownloadUrl('ftp://example.com/x'), /only http and https/);
    assert.throws(() => parseDownloadUrl('file:///etc/passwd'), /only http and https/);
    assert.throws(() => parseDownloadUrl('javascript:alert(1)'), /only http and https/);
    assert.throws(() => parseDownloadUrl('not a url'), /not a valid/);
  });
});

describe('units', () => {
  test('formats sizes and durations', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.50 KiB');
    assert.equal(formatBytes(200 * 1024 * 1024), '200 MiB');
    assert.equal(formatDuration(59), '00:59');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatDuration(Number.NaN), '--:--');
    assert.equal(parseByteSize('2M'), 2 * 1024 * 1024);
    assert.equal(parseByteSize('1.5KiB'), 1536);
    assert.equal(parseByteSize('fast'), undefined);
  });
});

describe('task states', () => {
  test('follow the table', () => {
    assert.equal(canTransition('queued', 'running'), true);
    assert.equal(canTransition('completed', 'running'), false);
    assert.equal(canTransition('canceled', 'queued'), false);
    assert.equal(canTransition('failed', 'queued'), true);
    assert.equal(canTransition('paused', 'running'), false);
  });
});
