import { ArrowDownUp, ChevronDown, Rows2, Rows3 } from 'lucide-react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countTasks } from '../../../../app/ui/task-rows.js';
import { say } from '../../i18n/say.js';
import type { Density } from '../../state/view-slice.js';
import { useAfterFirstPaint } from '../common/use-after-first-paint.js';
import { useApp, useRows, useServices } from '../services.js';
import { useSortLabel } from './use-sort-label.js';

function DensitySwitch() {
  const { t } = useTranslation();
  const { store } = useServices();
  const density = useApp((s) => s.density);
  const option = (value: Density, Icon: typeof Rows3) => (
    <button type="button" role="radio" aria-checked={density === value} aria-label={t(`list.${value}`)} title={t(`list.${value}`)} onClick={() => store.getState().setDensity(value)}>
      <Icon className="i i-sm" aria-hidden="true" />
    </button>
  );
  return (
    <div className="segmented" role="radiogroup" aria-label={t('list.density')}>
      {option('compact', Rows3)}
      {option('comfortable', Rows2)}
    </div>
  );
}

// Loaded after the first paint (it brings Radix's menu); until then a look-alike button, which opens the menu as soon as it is there.
const SortMenu = lazy(() => import('./SortMenu.js').then((module) => ({ default: module.SortMenu })));

function SortButton({ onOpen }: { readonly onOpen: () => void }) {
  const label = useSortLabel();
  return (
    <button type="button" className="btn btn-sm" aria-label={`${say('list.sortMenu')}: ${label}`} aria-haspopup="menu" onClick={onOpen}>
      <ArrowDownUp className="i i-sm" aria-hidden="true" />
      {label}
      <ChevronDown className="i i-sm" aria-hidden="true" />
    </button>
  );
}

function Sort() {
  const painted = useAfterFirstPaint();
  const [wanted, setWanted] = useState(false);
  const button = <SortButton onOpen={() => setWanted(true)} />;
  if (!painted && !wanted) return button;
  return (
    <Suspense fallback={button}>
      <SortMenu openAtStart={wanted} />
    </Suspense>
  );
}

/** The list's title (the filter or group shown), its count, the order and the row height. */
export function ListToolbar() {
  const { t } = useTranslation();
  const filter = useApp((s) => s.filter);
  const groupName = useApp((s) => (s.groupFilter === null ? null : (s.groups.get(s.groupFilter)?.name ?? null)));
  const selected = useApp((s) => s.selected.size);
  const shown = countTasks(useRows());
  return (
    <div className="list-toolbar">
      <h1>{groupName ?? t(`filterTitle.${filter}`)}</h1>
      <span className="total num">{shown}</span>
      {selected > 1 && <span className="total">· {t('list.selected', { count: selected })}</span>}
      <span className="spacer" />
      <Sort />
      <DensitySwitch />
    </div>
  );
}
