import { ArrowDown } from 'lucide-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SortKey } from '../../../../app/ui/task-rows.js';
import { useApp, useServices } from '../services.js';

function SortableColumn({ sortKey, label, align }: { readonly sortKey: SortKey; readonly label: string; readonly align?: 'r' }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const active = useApp((s) => (s.sortKey === sortKey ? s.direction : null));
  return (
    <div role="columnheader" className={`col${align === 'r' ? ' r' : ''}`} aria-sort={active ?? 'none'}>
      <button type="button" className="sort" aria-label={t('list.sortBy', { key: t(`sort.${sortKey}`) })} onClick={() => store.getState().sortBy(sortKey)}>
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
