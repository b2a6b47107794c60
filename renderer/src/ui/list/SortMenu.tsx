import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ArrowDownUp, ChevronDown } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { sortKeys, type SortKey } from '../../../../app/ui/task-rows.js';
import { useApp, useServices } from '../services.js';
import { useSortLabel } from './use-sort-label.js';

/** The order of the list: newest or oldest first, or by name, size, progress or speed. */
export function SortMenu({ openAtStart }: { readonly openAtStart: boolean }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const sortKey = useApp((s) => s.sortKey);
  const direction = useApp((s) => s.direction);
  const label = useSortLabel();
  return (
    <DropdownMenu.Root defaultOpen={openAtStart}>
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
