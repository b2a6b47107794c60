import { createStore, type StoreApi } from 'zustand/vanilla';
import { buildRows, sortUsesProgress, type Row } from '../../../app/ui/task-rows.js';
import type { AppState } from './app-state.js';
import { createConnectionSlice } from './connection-slice.js';
import { createDialogsSlice } from './dialogs-slice.js';
import { createGroupsSlice } from './groups-slice.js';
import { createSelectionSlice } from './selection-slice.js';
import { createSyncSlice } from './sync-slice.js';
import { createTasksSlice } from './tasks-slice.js';
import { createToastsSlice } from './toasts-slice.js';
import { createViewSlice } from './view-slice.js';

export type AppStore = StoreApi<AppState>;

export function createAppStore(initial: Partial<AppState> = {}): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createTasksSlice(...a),
    ...createGroupsSlice(...a),
    ...createSelectionSlice(...a),
    ...createViewSlice(...a),
    ...createConnectionSlice(...a),
    ...createToastsSlice(...a),
    ...createSyncSlice(...a),
    ...createDialogsSlice(...a),
    ...initial,
  }));
}

/**
 * The list's rows, rebuilt only when something that decides them changed:
 * a progress batch reorders rows only when they are sorted by live numbers.
 */
export function createRowsSelector(): (state: AppState) => readonly Row[] {
  let lastKey: readonly unknown[] = [];
  let lastRows: readonly Row[] = [];
  return (state) => {
    const key = [
      state.listVersion,
      sortUsesProgress(state.sortKey) ? state.progressVersion : -1,
      state.filter,
      state.groupFilter,
      state.search,
      state.sortKey,
      state.direction,
      state.expanded,
    ];
    if (key.length === lastKey.length && key.every((value, index) => value === lastKey[index])) return lastRows;
    lastKey = key;
    lastRows = buildRows(state, {
      filter: state.filter,
      groupId: state.groupFilter,
      search: state.search.trim().toLowerCase(),
      sortKey: state.sortKey,
      direction: state.direction,
      expanded: state.expanded,
    });
    return lastRows;
  };
}
