import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorCode } from '../../app/domain/error-codes.js';
import { nextAfterFailure, type FailureContext } from '../../app/domain/next-after-failure.js';

const context: FailureContext = {
  online: true,
  attempts: 0,
  madeProgress: false,
  retries: 3,
  now: 1_000_000,
  random: 0.5,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
};
const failure = (code: ErrorCode, retryAfterMs?: number, status?: number) => ({ code, message: `${code} happened`, retryAfterMs, status });

describe('nextAfterFailure', () => {
  test('a retryable failure waits in retrying with a growing backoff, counting attempts', () => {
    assert.deepEqual(nextAfterFailure(failure('server_error'), context), {
      state: 'retrying',
      detail: { reason: 'server_error', message: 'server_error happened', attempts: 1, nextAttemptAt: 1_000_750 },
    });
    const second = nextAfterFailure(failure('stalled'), { ...context, attempts: 1 });
    assert.equal(second.state, 'retrying');
    assert.equal(second.detail.attempts, 2);
    assert.equal(second.detail.nextAttemptAt, 1_001_500);
  });

  test("the server's status is kept beside the reason, retrying or failed; never when the network is the reason", () => {
    assert.deepEqual(nextAfterFailure(failure('server_busy', undefined, 503), context).detail, {
      reason: 'server_busy',
      message: 'server_busy happened',
      httpStatus: 503,
      attempts: 1,
      nextAttemptAt: 1_000_750,
    });
    assert.deepEqual(nextAfterFailure(failure('not_found', undefined, 404), context), {
      state: 'failed',
      detail: { reason: 'not_found', message: 'not_found happened', httpStatus: 404 },
    });
    assert.equal(nextAfterFailure(failure('server_error', undefined, 502), { ...context, attempts: 3 }).detail.httpStatus, 502);
    assert.equal(nextAfterFailure(failure('server_error', undefined, 502), { ...context, online: false }).detail.httpStatus, undefined);
    assert.equal(nextAfterFailure(failure('server_error', undefined, 502), { ...context, stopAs: { to: 'paused', reason: 'by_user' } }).detail.httpStatus, undefined);
  });

  test("the server's Retry-After wins over the backoff, within the cap", () => {
    assert.equal(nextAfterFailure(failure('server_busy', 7_000), context).detail.nextAttemptAt, 1_007_000);
    assert.equal(nextAfterFailure(failure('server_busy', 10 ** 9), context).detail.nextAttemptAt, 1_060_000);
  });

  test('retries used up: failed, keeping the reason and the attempts made', () => {
    assert.deepEqual(nextAfterFailure(failure('network_failed'), { ...context, attempts: 3 }), {
      state: 'failed',
      detail: { reason: 'network_failed', message: 'network_failed happened', attempts: 3 },
    });
  });

  test('an attempt that moved the download forward does not use up a retry', () => {
    const next = nextAfterFailure(failure('body_incomplete'), { ...context, attempts: 3, madeProgress: true });
    assert.equal(next.state, 'retrying');
    assert.equal(next.detail.attempts, 1);
  });

  test('a final failure fails at once, without retries', () => {
    for (const code of ['not_found', 'forbidden', 'checksum_mismatch', 'bad_response', 'file_error', 'tls_error'] as const) {
      assert.deepEqual(nextAfterFailure(failure(code), context), { state: 'failed', detail: { reason: code, message: `${code} happened` } }, code);
    }
  });

  test('a programming error fails the task as internal: never retried as a network failure', () => {
    assert.deepEqual(nextAfterFailure(failure('internal'), context), {
      state: 'failed',
      detail: { reason: 'internal', message: 'internal happened' },
    });
  });

  test('a full disk pauses, keeping the partial file for later', () => {
    assert.equal(nextAfterFailure(failure('no_space'), context).state, 'paused');
  });

  test('offline: a retryable failure waits for the network instead of burning retries', () => {
    const next = nextAfterFailure(failure('network_failed'), { ...context, online: false, attempts: 3 });
    assert.deepEqual(next, { state: 'waiting_network', detail: { reason: 'offline', message: 'network_failed happened' } });
    assert.equal(nextAfterFailure(failure('not_found'), { ...context, online: false }).state, 'failed');
  });

  test('a transfer stopped on purpose goes where it was sent, with a fresh set of retries', () => {
    const canceled = failure('canceled');
    assert.deepEqual(nextAfterFailure(canceled, { ...context, attempts: 2, stopAs: { to: 'paused', reason: 'by_user' } }), {
      state: 'paused',
      detail: { reason: 'by_user', attempts: 0 },
    });
    assert.equal(nextAfterFailure(canceled, { ...context, stopAs: { to: 'canceled', reason: 'by_user' } }).state, 'canceled');
    // A lowered cap sends it back to the queue.
    assert.equal(nextAfterFailure(canceled, { ...context, stopAs: { to: 'queued' } }).state, 'queued');
    // Quitting leaves the row running, for the next start to resume.
    assert.deepEqual(nextAfterFailure(canceled, { ...context, stopAs: { to: 'running' } }), { state: 'running', detail: {} });
  });

  test('stopped for the network, which came back meanwhile: only waits for a slot', () => {
    const stopAs = { to: 'waiting_network', reason: 'offline' } as const;
    assert.deepEqual(nextAfterFailure(failure('canceled'), { ...context, stopAs, online: true }), { state: 'queued', detail: { reason: 'offline' } });
    assert.equal(nextAfterFailure(failure('canceled'), { ...context, stopAs, online: false }).state, 'waiting_network');
  });
});
