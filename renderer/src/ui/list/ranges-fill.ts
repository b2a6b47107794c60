import type { SegmentView } from '../../../../app/contract/views.js';

const percent = (part: number, total: number): string => `${((part / total) * 100).toFixed(3)}%`;

/**
 * A download over several connections as one CSS gradient: each byte range
 * as wide as its share of the file, filled to what is on disk, a hairline
 * between ranges. Painted by the progress bar's ::before, so a row with eight
 * connections still spends no element on them.
 */
export function rangesFill(ranges: readonly SegmentView[], total: number): string | undefined {
  if (ranges.length < 2 || total <= 0) return undefined;
  const stops = ranges.map((range, index) => {
    const start = percent(range.start, total);
    const done = percent(Math.min(range.end, Math.max(range.start, range.doneEnd)), total);
    const end = percent(range.end, total);
    const gap = index === ranges.length - 1 ? '' : `, transparent calc(${end} - 1px) ${end}`;
    return `var(--bar) ${start} ${done}, var(--track) ${done} ${index === ranges.length - 1 ? end : `calc(${end} - 1px)`}${gap}`;
  });
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}
