import type { CSSProperties } from 'react';
import type { SegmentView } from '../../../../app/contract/views.js';
import { formatBytes, percentOf } from '../../../../app/ui/format.js';
import { say } from '../../i18n/say.js';
import { rangesFill } from './ranges-fill.js';

interface Props {
  /** Whose progress: the download's or the group's name. */
  readonly label: string;
  readonly done: number;
  readonly total: number | null;
  /** For a group: the finished part, drawn apart from the moving part. */
  readonly finished?: number;
  /** For a group whose byte total is unknown: the share of its files finished, drawn as its finished part (else the bar is empty, however much is done). */
  readonly finishedShare?: number | undefined;
  /** A download over several connections: one stretch of bar per byte range. */
  readonly ranges?: readonly SegmentView[] | undefined;
}

/**
 * A slim bar and the percent; the percent carries the value, the bar only
 * helps the eye. The bar is the element's ::before, filled to --p (and --f,
 * a group's finished part), so a row spends no element on it.
 */
export function ProgressBar({ label, done, total, finished, finishedShare, ranges }: Props) {
  const percent = percentOf(done, total);
  const fraction = total !== null && total > 0 ? Math.min(1, done / total) : 0;
  const finishedFraction = finished !== undefined && total !== null && total > 0 ? Math.min(fraction, finished / total) : Math.min(1, Math.max(0, finishedShare ?? 0));
  const text =
    percent === null
      ? say('list.progressUnknown', { done: formatBytes(done) })
      : say('list.progressText', { percent, done: formatBytes(done), total: formatBytes(total ?? 0) });
  return (
    <span
      className={finished === undefined ? 'prog' : 'prog stack'}
      role="progressbar"
      aria-label={say('list.progressOf', { name: label })}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={text}
      style={{ '--p': fraction, '--f': finishedFraction, '--fill': ranges === undefined || total === null ? undefined : rangesFill(ranges, total) } as CSSProperties}
    >
      {/* Without a size there is no percent: the bytes so far say it is moving. */}
      {percent === null ? <span className="pct bytes">{done > 0 ? formatBytes(done) : ''}</span> : <span className="pct">{`${percent}%`}</span>}
    </span>
  );
}
