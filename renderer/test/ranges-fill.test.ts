import { describe, expect, test } from 'vitest';
import { rangesFill } from '../src/ui/list/ranges-fill.js';

describe('the bar of a download over several connections', () => {
  test('one stretch per range, each filled to what is on disk, a hairline between them', () => {
    const fill = rangesFill(
      [
        { start: 0, end: 500, doneEnd: 250 },
        { start: 500, end: 1000, doneEnd: 1000 },
      ],
      1000,
    );
    expect(fill).toBe(
      'linear-gradient(90deg, var(--bar) 0.000% 25.000%, var(--track) 25.000% calc(50.000% - 1px), transparent calc(50.000% - 1px) 50.000%, var(--bar) 50.000% 100.000%, var(--track) 100.000% 100.000%)',
    );
  });

  test('one range, or no size, is the plain bar', () => {
    expect(rangesFill([{ start: 0, end: 10, doneEnd: 5 }], 10)).toBeUndefined();
    expect(rangesFill([], 10)).toBeUndefined();
    expect(rangesFill([{ start: 0, end: 5, doneEnd: 5 }, { start: 5, end: 10, doneEnd: 5 }], 0)).toBeUndefined();
  });
});
