import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRetryAfter, retryDelay } from '../../app/domain/retry-delay.js';

describe('retryDelay', () => {
  test('doubles with each attempt, between half and all of the ceiling', () => {
    assert.equal(retryDelay({ attempt: 1, random: 0 }), 500);
    assert.equal(retryDelay({ attempt: 1, random: 0.999999 }), 1000);
    assert.equal(retryDelay({ attempt: 2, random: 0 }), 1000);
    assert.equal(retryDelay({ attempt: 4, random: 0.5 }), 6000);
  });

  test('is capped', () => {
    assert.equal(retryDelay({ attempt: 50, random: 0.999999, maxMs: 60_000 }), 60_000);
    assert.ok(retryDelay({ attempt: 1000, random: 0 }) <= 5 * 60_000);
  });

  test('Retry-After wins, within the cap', () => {
    assert.equal(retryDelay({ attempt: 1, random: 0.3, retryAfterMs: 7000 }), 7000);
    assert.equal(retryDelay({ attempt: 1, random: 0.3, retryAfterMs: 0 }), 0);
    assert.equal(retryDelay({ attempt: 1, random: 0.3, retryAfterMs: 10 ** 12, maxMs: 120_000 }), 120_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  test('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Fri, 20 Nov 2026 11:00:00 GMT', now), 0);
  });
  test('ignores what it cannot read', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
});
