import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentView } from '../../../../app/contract/views.js';
import { formatBytes, formatSpeed } from '../../../../app/ui/format.js';
import { nextRangeSample, type RangeSample } from '../../../../app/ui/range-speeds.js';

/**
 * The file's byte ranges side by side, each as wide as its share of the file,
 * filled to what is on disk; while it runs, each connection's speed under its
 * range (from the ranges of successive progress batches).
 */
export function SegmentBar({ segments, done, running }: { readonly segments: readonly SegmentView[]; readonly done: boolean; readonly running: boolean }) {
  const { t } = useTranslation();
  const [sample, setSample] = useState<RangeSample | null>(null);
  // Ranges from a new batch: one more reading (state from the last render, the pattern React documents for it).
  if (running && sample?.ranges !== segments) setSample(nextRangeSample(sample, segments, Date.now()));
  const speeds = running ? sample?.speeds : undefined;
  return (
    <>
      <div className={`seg-bar${done ? ' done' : ''}`} role="img" aria-label={t('details.rangeCount', { count: segments.length })}>
        {segments.map((segment) => {
          const size = Math.max(1, segment.end - segment.start);
          const fraction = Math.min(1, Math.max(0, (segment.doneEnd - segment.start) / size));
          return (
            <div
              key={segment.start}
              style={{ '--w': size, '--p': fraction } as CSSProperties}
              title={`${formatBytes(segment.start)} – ${formatBytes(segment.end)}: ${Math.floor(fraction * 100)}%`}
            >
              <b />
            </div>
          );
        })}
      </div>
      {!done && segments.length > 1 && (
        // The same speeds are in the total the summary reads out; these only show how the connections share it.
        // The row stays, blank, while no speed is known (paused, out of reach of the service), so the fields under it do not jump.
        <div className="seg-labels" aria-hidden="true">
          {segments.map((segment) => {
            const speed = speeds?.get(segment.start);
            return (
              <span key={segment.start} style={{ '--w': Math.max(1, segment.end - segment.start) } as CSSProperties}>
                {speed === undefined || speed === 0 ? '' : formatSpeed(speed)}
              </span>
            );
          })}
        </div>
      )}
    </>
  );
}
