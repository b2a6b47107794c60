import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentView } from '../../../../app/contract/views.js';
import { formatBytes } from '../../../../app/ui/format.js';

/** The file's byte ranges side by side, each as wide as its share of the file, filled to what is on disk. */
export function SegmentBar({ segments, done }: { readonly segments: readonly SegmentView[]; readonly done: boolean }) {
  const { t } = useTranslation();
  return (
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
  );
}
