import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorCodes, isRetryable } from '../../app/domain/error-codes.js';
import { codeForStatus, DownloadError, toDownloadError } from '../../main/engine/download-error.js';

describe('codeForStatus', () => {
  test('maps statuses to codes that say whether to retry', () => {
    const expected: [number, string, boolean][] = [
      [401, 'unauthorized', false],
      [403, 'forbidden', false],
      [404, 'not_found', false],
      [410, 'gone', false],
      [400, 'http_error', false],
      [408, 'request_timeout', true],
      [429, 'server_busy', true],
      [503, 'server_busy', true],
      [500, 'server_error', true],
      [502, 'server_error', true],
      [504, 'server_error', true],
      [204, 'http_error', false],
    ];
    for (const [status, code, retryable] of expected) {
      const actual = codeForStatus(status);
      assert.equal(actual, code, `HTTP ${status}`);
      assert.equal(isRetryable(actual), retryable, `HTTP ${status} retryable`);
    }
  });
});

describe('toDownloadError', () => {
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });
  test('classifies system and library errors', () => {
    assert.equal(toDownloadError(withCode('ECONNRESET')).code, 'network_failed');
    assert.equal(toDownloadError(withCode('ECONNREFUSED')).code, 'network_failed');
    assert.equal(toDownloadError(withCode('ETIMEDOUT')).code, 'connect_timeout');
    assert.equal(toDownloadError(withCode('ENOSPC')).code, 'no_space');
    assert.equal(toDownloadError(withCode('EDQUOT')).code, 'no_space');
    assert.equal(toDownloadError(withCode('EFBIG')).code, 'file_too_large');
    assert.equal(toDownloadError(withCode('EACCES')).code, 'file_error');
    assert.equal(toDownloadError(withCode('EROFS')).code, 'file_error');
    assert.equal(toDownloadError(withCode('DEPTH_ZERO_SELF_SIGNED_CERT')).code, 'tls_error');
    assert.equal(toDownloadError(withCode('ERR_TLS_CERT_ALTNAME_INVALID')).code, 'tls_error');
    assert.equal(toDownloadError(Object.assign(new Error('x'), { name: 'AbortError' })).code, 'canceled');
  });
  test('an answer the HTTP parser refuses is a bad response, not retried, with the parser\'s reason', () => {
    const parseError = Object.assign(new Error('Parse Error: Missing expected CR after header value'), { code: 'HPE_CR_EXPECTED' });
    const error = toDownloadError(parseError);
    assert.equal(error.code, 'bad_response');
    assert.equal(error.retryable, false);
    assert.match(error.message, /Missing expected CR after header value \(HPE_CR_EXPECTED\)/);
    assert.equal(toDownloadError(withCode('HPE_INVALID_HEADER_TOKEN')).code, 'bad_response');
    assert.equal(toDownloadError(withCode('HPE_INVALID_CHUNK_SIZE')).code, 'network_failed');
  });
  test('a programming error is internal, not retried, with the original (and its stack) as the cause', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'length')");
    const error = toDownloadError(bug);
    assert.equal(error.code, 'internal');
    assert.equal(error.retryable, false);
    assert.equal(error.cause, bug);
    assert.equal(toDownloadError(new RangeError('Invalid array length')).code, 'internal');
    // A plain Error with no code is still taken for network trouble.
    assert.equal(toDownloadError(new Error('socket hang up')).code, 'network_failed');
  });
  test('keeps DownloadErrors and their detail', () => {
    const error = new DownloadError('server_busy', 'HTTP 503', { status: 503, retryAfterMs: 2000 });
    assert.equal(toDownloadError(error), error);
    assert.match(error.message, /busy.*HTTP 503/);
    assert.equal(error.retryable, true);
  });
  test('every code has a summary a user can read', () => {
    for (const [code, { summary }] of Object.entries(errorCodes)) assert.ok(summary.length > 5, code);
  });
});
