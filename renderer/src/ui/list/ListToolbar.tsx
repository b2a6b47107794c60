import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ArrowDownUp, ChevronDown, Rows2, Rows3 } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { countTasks, sortKeys, type SortKey } from '../../../../app/ui/task-rows.js';
import type { Density } from '../../state/view-slice.js';
import { useApp, useRows, useServices } from '../services.js';

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

function SortMenu() {
  const { t } = useTranslation();
  const { store } = useServices();
  const sortKey = useApp((s) => s.sortKey);
  const direction = useApp((s) => s.direction);
  const label = sortKey === 'added' ? t(direction === 'descending' ? 'list.newestFirst' : 'list.oldestFirst') : t(`sort.${sortKey}`);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="btn btn-sm" aria-label={`${t('list.sortMenu')}: ${label}`}>
        <ArrowDownUp className="i i-sm" aria-hidden="true" />
        {label}
        <ChevronDown className="i i-sm" aria-hidden="true" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.RadioGroup value={`${sortKey}:${direction}`}>
            <DropdownMenu.RadioItem className="menu-item" value="added:descending" onSelect={() => store.setState({ sortKey: 'added', direction: 'descending' })}>
              {t('list.newestFirst')}
            </DropdownMenu.RadioItem>
            <DropdownMenu.RadioItem className="menu-item" value="added:ascending" onSelect={() => store.setState({ sortKey: 'added', direction: 'ascending' })}>
              {t('list.oldestFirst')}
            </DropdownMenu.RadioItem>
            {sortKeys
              .filter((key): key is Exclude<SortKey, 'added'> => key !== 'added')
              .map((key) => (
                <DropdownMenu.RadioItem key={key} className="menu-item" value={`${key}:${key === 'name' ? 'ascending' : 'descending'}`} onSelect={() => store.setState({ sortKey: key, direction: key === 'name' ? 'ascending' : 'descending' })}>
                  {t(`sort.${key}`)}
                </DropdownMenu.RadioItem>
              ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
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
      <SortMenu />
      <DensitySwitch />
    </div>
  );
}
