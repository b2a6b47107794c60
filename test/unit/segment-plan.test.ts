import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  compactSegments,
  durableBytesOf,
  durablePrefix,
  initialSegments,
  segmentsCover,
  splitPoint,
} from '../../main/engine/segment-plan.js';

const MiB = 1 << 20;

describe('segment plan', () => {
  test('a file is cut into equal ranges, never smaller than the minimum slice', () => {
    assert.deepEqual(initialSegments(10, 3, 1), [
      { start: 0, end: 4, durableEnd: 0 },
      { start: 4, end: 8, durableEnd: 4 },
      { start: 8, end: 10, durableEnd: 8 },
    ]);
    assert.equal(initialSegments(200 * MiB, 16).length, 16);
    assert.equal(initialSegments(3 * MiB, 16).length, 3, 'a 3 MiB file gets 3 slices of 1 MiB, not 16');
    assert.equal(initialSegments(MiB / 2, 8).length, 1);
    for (const total of [1, 7, 1000, 3 * MiB + 17]) {
      assert.ok(segmentsCover(initialSegments(total, 5, 1), total), `covers ${total}`);
    }
  });

  test('a busy range is split in the middle of what is left, unless too little is left to share', () => {
    assert.equal(splitPoint(0, 4 * MiB), 2 * MiB);
    assert.equal(splitPoint(MiB, 4 * MiB), MiB + 1.5 * MiB);
    assert.equal(splitPoint(0, 2 * MiB - 1), undefined);
    assert.equal(splitPoint(3 * MiB, 4 * MiB), undefined);
  });

  test('durable bytes: the sum for progress, the gapless prefix for a single connection', () => {
    const segments = [
      { start: 0, end: 10, durableEnd: 10 },
      { start: 10, end: 20, durableEnd: 15 },
      { start: 20, end: 30, durableEnd: 28 },
    ];
    assert.equal(durableBytesOf(segments), 10 + 5 + 8);
    assert.equal(durablePrefix(segments), 15);
    assert.equal(durablePrefix([{ start: 0, end: 10, durableEnd: 0 }, { start: 10, end: 20, durableEnd: 20 }]), 0);
  });

  test('finished ranges merge with the next one, so stored rows stay few', () => {
    assert.deepEqual(
      compactSegments([
        { start: 0, end: 10, durableEnd: 10 },
        { start: 10, end: 20, durableEnd: 20 },
        { start: 20, end: 30, durableEnd: 25 },
        { start: 30, end: 40, durableEnd: 30 },
      ]),
      [
        { start: 0, end: 30, durableEnd: 25 },
        { start: 30, end: 40, durableEnd: 30 },
      ],
    );
  });

  test('stored ranges are trusted only if they cover the file exactly', () => {
    assert.equal(segmentsCover([{ start: 0, end: 10, durableEnd: 3 }], 10), true);
    assert.equal(segmentsCover([{ start: 0, end: 10, durableEnd: 3 }], 11), false, 'short of the size');
    assert.equal(segmentsCover([{ start: 0, end: 6, durableEnd: 0 }, { start: 5, end: 10, durableEnd: 5 }], 10), false, 'overlap');
    assert.equal(segmentsCover([{ start: 0, end: 10, durableEnd: 11 }], 10), false, 'durable past the end');
    assert.equal(segmentsCover([], 0), true);
  });
});
