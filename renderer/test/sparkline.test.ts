import { describe, expect, test } from 'vitest';
import { speedHistoryMs } from '../src/state/connection-slice.js';
import { sparklinePoints } from '../src/ui/status/sparkline-points.js';

const now = 1_000_000_000;

describe('the status bar speed line', () => {
  test('draws nothing when no speed above zero is in the window', () => {
    expect(sparklinePoints([], now, 120, 20)).toBeNull();
    expect(sparklinePoints([{ at: now - 60_000, speed: 0 }, { at: now - 1_000, speed: 0 }], now, 120, 20)).toBeNull();
    // Movement older than the window is gone too.
    expect(sparklinePoints([{ at: now - speedHistoryMs - 20_000, speed: 500 }, { at: now - speedHistoryMs - 10_000, speed: 0 }], now, 120, 20)).toBeNull();
  });

  test('idle stretches lie below the canvas, so no baseline stub shows', () => {
    const points = sparklinePoints([{ at: now - 60_000, speed: 0 }, { at: now - 30_000, speed: 1000 }, { at: now - 10_000, speed: 0 }], now, 120, 20);
    expect(points).not.toBeNull();
    for (const point of points ?? []) {
      expect(point.x).toBeGreaterThanOrEqual(0);
      expect(point.x).toBeLessThanOrEqual(120);
    }
    expect(points?.filter((point) => point.y < 20)).toHaveLength(1);
    expect(points?.at(-1)).toEqual({ x: 120, y: 22 });
  });

  test('a history shorter than two pixels is not drawn yet', () => {
    expect(sparklinePoints([{ at: now - 500, speed: 1000 }], now, 120, 20)).toBeNull();
    expect(sparklinePoints([{ at: now, speed: 1000 }], now, 120, 20)).toBeNull();
  });

  test('the last speed holds until now, at the right edge', () => {
    const points = sparklinePoints([{ at: now - 30_000, speed: 1000 }], now, 120, 20);
    // Half of the shortest span (a minute) ago: half the width.
    expect(points).toEqual([
      { x: 60, y: 2 },
      { x: 120, y: 2 },
    ]);
  });

  test('a history longer than the window spans the whole window', () => {
    const points = sparklinePoints([{ at: now - 2 * speedHistoryMs, speed: 0 }, { at: now - speedHistoryMs / 2, speed: 1000 }], now, 120, 20);
    expect(points?.find((point) => point.y === 2)?.x).toBe(60);
  });
});
