import { ArrowDown } from 'lucide-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortKey } from '../../../../app/ui/task-rows.js';
import { useApp, useServices } from '../services.js';

/** The sortable headers, left to right: the keyboard moves along them with the arrows (the grid's header row, above its rows). */
export const headerKeys = ['name', 'size', 'progress', 'speed'] as const satisfies readonly SortKey[];

export function headerElementId(key: SortKey): string {
  return `tasks-col-${key}`;
}

function SortableColumn({ sortKey, label, align }: { readonly sortKey: SortKey; readonly label: string; readonly align?: 'r' }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const active = useApp((s) => (s.sortKey === sortKey ? s.direction : null));
  const focused = useApp((s) => s.headerFocused === sortKey);
  // Not a Tab stop of its own: the list is one, and the keyboard reaches the header with the arrows (Enter or Space sorts).
  return (
    <div role="columnheader" id={headerElementId(sortKey)} className={`col${align === 'r' ? ' r' : ''}${focused ? ' focused' : ''}`} aria-sort={active ?? 'none'}>
      <button type="button" className="sort" tabIndex={-1} aria-label={t('list.sortBy', { key: t(`sort.${sortKey}`) })} onClick={() => store.getState().sortBy(sortKey)}>
        {align === 'r' && <ArrowDown className="i" aria-hidden="true" />}
        {label}
        {align !== 'r' && <ArrowDown className="i" aria-hidden="true" />}
      </button>
    </div>
  );
}

/** The header row; it shares the rows' grid template, so columns line up without measuring. Memoized: the list re-renders on every scroll frame. */
export const ColumnHeader = memo(function ColumnHeader() {
  const { t } = useTranslation();
  return (
    <div role="row" className="tasks-head" aria-rowindex={1}>
      <div role="columnheader" className="col">
        <span className="sr-only">{t('list.columns.expander')}</span>
      </div>
      <SortableColumn sortKey="name" label={t('list.columns.name')} />
      <SortableColumn sortKey="size" label={t('list.columns.size')} align="r" />
      <SortableColumn sortKey="progress" label={t('list.columns.progress')} />
      <SortableColumn sortKey="speed" label={t('list.columns.speed')} align="r" />
      <div role="columnheader" className="col r">
        {t('list.columns.eta')}
      </div>
      <div role="columnheader" className="col c" title={t('list.columns.connectionsLong')}>
        <span aria-hidden="true">{t('list.columns.connections')}</span>
        <span className="sr-only">{t('list.columns.connectionsLong')}</span>
      </div>
      <div role="columnheader" className="col">
        {t('list.columns.status')}
      </div>
    </div>
  );
});
