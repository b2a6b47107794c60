import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRangeSample } from '../../app/ui/range-speeds.js';

test('each byte range gets its own speed from two readings, known by its start; a new or finished range has none or 0', () => {
  const first = nextRangeSample(null, [{ start: 0, end: 1000, doneEnd: 100 }, { start: 1000, end: 2000, doneEnd: 1000 }], 0);
  assert.equal(first.speeds.size, 0, 'one reading tells no speed');
  // Half a second later: the first range wrote 200 bytes (400 B/s), the second 50 (100 B/s); a split added a range at 1500.
  const second = nextRangeSample(first, [{ start: 0, end: 1000, doneEnd: 300 }, { start: 1000, end: 1500, doneEnd: 1050 }, { start: 1500, end: 2000, doneEnd: 1500 }], 500);
  assert.deepEqual([...second.speeds], [[0, 400], [1000, 100]]);
  // Smoothed with the last reading; the first range is then finished and reads 0.
  const third = nextRangeSample(second, [{ start: 0, end: 1000, doneEnd: 1000 }, { start: 1000, end: 1500, doneEnd: 1350 }, { start: 1500, end: 2000, doneEnd: 1600 }], 1000);
  assert.deepEqual([...third.speeds], [[0, 0], [1000, 350], [1500, 200]]);
  // The same ranges again at the same moment (a re-render) change nothing.
  assert.deepEqual([...nextRangeSample(third, third.ranges, 1000).speeds], [...third.speeds]);
});

test('a connection that writes in bursts keeps one steady speed under its range, not a number that blinks on and off', () => {
  // Batches every 500 ms; the server sends 64 KB once a second (a throttled server, or a disk flush): every other reading sees nothing new.
  let sample = nextRangeSample(null, [{ start: 0, end: 100_000_000, doneEnd: 0 }], 0);
  const shown: number[] = [];
  for (let at = 500; at <= 6000; at += 500) {
    const doneEnd = Math.floor(at / 1000) * 64_000;
    sample = nextRangeSample(sample, [{ start: 0, end: 100_000_000, doneEnd }], at);
    if (at >= 2000) shown.push(sample.speeds.get(0) ?? 0);
  }
  for (const speed of shown) assert.ok(speed >= 32_000 && speed <= 96_000, `64 KB/s read as ${speed} (readings ${shown.join(', ')})`);
});

test('a range that stops writing reads 0 within a few seconds', () => {
  let sample = nextRangeSample(null, [{ start: 0, end: 1_000_000, doneEnd: 0 }], 0);
  sample = nextRangeSample(sample, [{ start: 0, end: 1_000_000, doneEnd: 50_000 }], 500);
  for (let at = 1000; at <= 4000; at += 500) sample = nextRangeSample(sample, [{ start: 0, end: 1_000_000, doneEnd: 50_000 }], at);
  assert.equal(sample.speeds.get(0), 0);
});
