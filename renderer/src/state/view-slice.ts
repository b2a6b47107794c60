import type { StateCreator } from 'zustand/vanilla';
import type { TaskFilter } from '../../../app/ui/task-filter.js';
import type { SortDirection, SortKey } from '../../../app/ui/task-rows.js';
import type { AppState } from './app-state.js';

export type Density = 'compact' | 'comfortable';

/** How the list is looked at: filters, search, order, density, what is open. */
export interface ViewSlice {
  readonly filter: TaskFilter;
  readonly groupFilter: number | null;
  /** As typed; the list uses it trimmed and lower-cased. */
  readonly search: string;
  readonly sortKey: SortKey;
  readonly direction: SortDirection;
  readonly density: Density;
  readonly expanded: ReadonlySet<number>;
  /** The task the details dock shows, if open. */
  readonly detailsId: number | null;
  readonly detailsHeight: number;
  setFilter(filter: TaskFilter): void;
  setGroupFilter(groupId: number | null): void;
  setSearch(search: string): void;
  /** A click on a column header: that column, or the other way round if it already is. */
  sortBy(key: SortKey): void;
  setDensity(density: Density): void;
  toggleExpanded(groupId: number, expanded?: boolean): void;
  showDetails(taskId: number | null): void;
  setDetailsHeight(height: number): void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  filter: 'all',
  groupFilter: null,
  search: '',
  sortKey: 'added',
  direction: 'descending',
  density: 'compact',
  expanded: new Set(),
  detailsId: null,
  detailsHeight: 230,
  setFilter: (filter) => set({ filter, groupFilter: null }),
  setGroupFilter: (groupFilter) => set({ groupFilter, filter: 'all' }),
  setSearch: (search) => set({ search }),
  sortBy(key) {
    const { sortKey, direction } = get();
    // Names read best A→Z; numbers and dates biggest or newest first.
    if (key === sortKey) set({ direction: direction === 'ascending' ? 'descending' : 'ascending' });
    else set({ sortKey: key, direction: key === 'name' ? 'ascending' : 'descending' });
  },
  setDensity: (density) => set({ density }),
  toggleExpanded(groupId, expanded) {
    const next = new Set(get().expanded);
    const open = expanded ?? !next.has(groupId);
    if (open) next.add(groupId);
    else next.delete(groupId);
    set({ expanded: next });
  },
  showDetails: (detailsId) => set({ detailsId }),
  setDetailsHeight: (detailsHeight) => set({ detailsHeight: Math.round(Math.max(140, Math.min(600, detailsHeight))) }),
});
