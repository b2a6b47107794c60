import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../main/engine/clock.js';
import { TokenBucket } from '../../main/engine/token-bucket.js';

/** A clock that moves only when someone sleeps: ten simulated seconds take no real time. */
function simulatedClock(): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    setTimer: () => {
      throw new Error('a token bucket never sets timers');
    },
  };
}

/** Pushes 64 KiB chunks through the buckets for `seconds` of simulated time from `takers` concurrent takers; returns bytes/s. */
async function measure(buckets: TokenBucket[], clock: Clock, seconds: number, takers = 1): Promise<number> {
  let bytes = 0;
  const start = clock.now();
  const taker = async (): Promise<void> => {
    while (clock.now() - start < seconds * 1000) {
      // As the engine does: a chunk is taken from every bucket at once, then waits for the longest debt.
      const wait = Math.max(...buckets.map((bucket) => bucket.reserve(65_536)));
      if (wait > 0) await clock.sleep(wait);
      bytes += 65_536;
    }
  };
  await Promise.all(Array.from({ length: takers }, taker));
  return bytes / ((clock.now() - start) / 1000);
}

const within = (actual: number, expected: number, tolerance: number): boolean => Math.abs(actual - expected) <= expected * tolerance;

describe('TokenBucket', () => {
  test('holds one taker to the rate within 5 % over 10 s', async () => {
    const clock = simulatedClock();
    const rate = await measure([new TokenBucket(1_000_000, clock)], clock, 10);
    assert.ok(within(rate, 1_000_000, 0.05), `${rate} B/s`);
  });

  test('holds eight connections sharing it to the rate in total', async () => {
    const clock = simulatedClock();
    const rate = await measure([new TokenBucket(2_000_000, clock)], clock, 10, 8);
    assert.ok(within(rate, 2_000_000, 0.05), `${rate} B/s`);
  });

  test('the stricter of a task limit and the global limit wins', async () => {
    const clock = simulatedClock();
    const rate = await measure([new TokenBucket(500_000, clock), new TokenBucket(3_000_000, clock)], clock, 10);
    assert.ok(within(rate, 500_000, 0.05), `${rate} B/s`);
  });

  test('a new rate applies at once; 0 lifts the limit', async () => {
    const clock = simulatedClock();
    const bucket = new TokenBucket(1_000_000, clock);
    await measure([bucket], clock, 5);
    bucket.setRate(250_000);
    const slower = await measure([bucket], clock, 10);
    assert.ok(within(slower, 250_000, 0.05), `${slower} B/s`);
    bucket.setRate(0);
    const before = clock.now();
    for (let i = 0; i < 1000; i += 1) await clock.sleep(bucket.reserve(1 << 20));
    assert.equal(clock.now(), before, 'unlimited never waits');
  });
});
