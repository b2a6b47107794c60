import { describe, expect, test } from 'vitest';
import { RowSlots } from '../src/ui/list/row-slots.js';

const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `t${from + index}`);

describe('row slots', () => {
  test('rows that stay in view keep their slot; rows scrolled in take the slots of rows scrolled out', () => {
    const slots = new RowSlots();
    const first = slots.assign(keys(0, 10));
    expect(first).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const second = slots.assign(keys(3, 13));
    // t3…t9 keep slots 3…9; t10, t11, t12 reuse 0, 1, 2.
    expect(second).toEqual([3, 4, 5, 6, 7, 8, 9, 0, 1, 2]);
    expect(new Set(second).size).toBe(10);
  });

  test('a larger window adds slots, a smaller one frees them for later', () => {
    const slots = new RowSlots();
    slots.assign(keys(0, 4));
    expect(slots.assign(keys(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(slots.assign(keys(2, 4))).toEqual([2, 3]);
    expect(slots.assign(keys(2, 6))).toEqual([2, 3, 0, 1]);
  });
});
