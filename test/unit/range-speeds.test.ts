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
