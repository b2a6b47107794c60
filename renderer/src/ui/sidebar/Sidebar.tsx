import { Ban, CircleAlert, CircleCheck, CircleArrowDown, Clock, List, Pause, TriangleAlert } from 'lucide-react';
import type { CSSProperties, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupView } from '../../../../app/contract/views.js';
import { groupShownState } from '../../../../app/ui/group-words.js';
import { filterCount, taskFilters, type TaskFilter } from '../../../../app/ui/task-filter.js';
import { useApp, useServices } from '../services.js';
import { useShallow } from 'zustand/react/shallow';

const filterIcons: Record<TaskFilter, typeof List> = { all: List, active: CircleArrowDown, queued: Clock, completed: CircleCheck, failed: TriangleAlert, canceled: Ban };

function FilterTab({ filter }: { readonly filter: TaskFilter }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const current = useApp((s) => s.groupFilter === null && s.filter === filter);
  // One Tab stop for the whole list of tabs: the chosen one (All when a chosen group went away); the arrows reach the rest.
  const stop = useApp((s) => current || (filter === 'all' && s.groupFilter !== null && !s.groups.has(s.groupFilter)));
  const count = useApp((s) => (s.stats === null ? 0 : filterCount(filter, s.stats)));
  const Icon = filterIcons[filter];
  return (
    <button type="button" role="tab" className="nav-item" aria-selected={current} aria-controls="task-list" tabIndex={stop ? 0 : -1} title={t(`filterHint.${filter}`)} onClick={() => store.getState().setFilter(filter)}>
      <Icon className="i" aria-hidden="true" />
      <span className="nav-label">{t(`filter.${filter}`)}</span>
      <span className={`count${filter === 'failed' && count > 0 ? ' alert' : ''}`}>{count}</span>
    </button>
  );
}

function GroupProgress({ group }: { readonly group: GroupView }) {
  if (group.state === 'completed') return <CircleCheck className="i g-icon ok" aria-hidden="true" />;
  if (group.state === 'failed') return <CircleAlert className="i g-icon bad" aria-hidden="true" />;
  if (group.state === 'paused') return <Pause className="i g-icon paused" aria-hidden="true" />;
  const fraction = group.totalBytes !== null && group.totalBytes > 0 ? Math.min(1, group.doneBytes / group.totalBytes) : 0;
  return (
    <svg className="ring" viewBox="0 0 16 16" aria-hidden="true" style={{ '--p': fraction } as CSSProperties}>
      <circle className="ring-track" cx="8" cy="8" r="6" fill="none" strokeWidth="2.5" />
      <circle className="ring-fill" cx="8" cy="8" r="6" fill="none" strokeWidth="2.5" pathLength="100" strokeDasharray={`${Math.round(fraction * 100)} 100`} />
    </svg>
  );
}

function GroupItem({ id }: { readonly id: number }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const group = useApp((s) => s.groups.get(id));
  const current = useApp((s) => s.groupFilter === id);
  if (group === undefined) return null;
  const failed = group.byState.failed ?? 0;
  const percent = group.totalBytes !== null && group.totalBytes > 0 ? Math.floor((group.doneBytes / group.totalBytes) * 100) : null;
  return (
    <li role="none">
      <button type="button" role="tab" className="group-item" aria-selected={current} aria-controls="task-list" tabIndex={current ? 0 : -1} title={group.name} onClick={() => store.getState().setGroupFilter(current ? null : id)}>
        <GroupProgress group={group} />
        <span className="g-name">{group.name}</span>
        <span className="g-meta">
          {t('group.files', { count: group.count })}
          {' · '}
          {failed > 0 ? (
            <span className="bad">{t('group.sidebarFailed', { failed })}</span>
          ) : group.state === 'completed' ? (
            t('group.sidebarDone')
          ) : percent !== null ? (
            `${percent}%`
          ) : (
            t(group.state === 'empty' ? 'groupState.empty' : `state.${groupShownState(group)}`)
          )}
        </span>
      </button>
    </li>
  );
}

/** Up and Down (wrapping), Home and End move the focus between the tabs; Enter or Space chooses one. */
function moveBetweenTabs(event: KeyboardEvent<HTMLDivElement>): void {
  const tabs = [...event.currentTarget.querySelectorAll<HTMLElement>('[role=tab]')];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  if (at === -1) return;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  tabs[(to + tabs.length) % tabs.length]?.focus();
}

/** Filters with counts, then the groups; both choose what the list shows. */
export function Sidebar() {
  const { t } = useTranslation();
  const groupIds = useApp(useShallow((s) => [...s.groups.values()].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id).map((group) => group.id)));
  return (
    <nav className="sidebar" aria-label={t('sidebar.filters')}>
      <div role="tablist" aria-orientation="vertical" aria-label={t('sidebar.filters')} className="filters" onKeyDown={moveBetweenTabs}>
        {taskFilters.map((filter) => (
          <FilterTab key={filter} filter={filter} />
        ))}
        <div className="nav-heading" id="groups-heading">
          {t('sidebar.groups')}
        </div>
        {groupIds.length === 0 ? (
          <p className="sidebar-hint">{t('sidebar.groupsHint')}</p>
        ) : (
          <ul className="groups" role="none">
            {groupIds.map((id) => (
              <GroupItem key={id} id={id} />
            ))}
          </ul>
        )}
      </div>
    </nav>
  );
}
