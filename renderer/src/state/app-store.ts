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

/** Sorted by live numbers (speed, progress), the rows trade places at most this often, so a row does not move away from the pointer four times a second. */
export const liveResortMs = 2_000;

/**
 * The list's rows, rebuilt only when something that decides them changed:
 * a progress batch reorders rows only when they are sorted by live numbers,
 * and then at most every `liveResortMs` (the numbers in the rows stay live).
 */
export function createRowsSelector(now: () => number = Date.now): (state: AppState) => readonly Row[] {
  let lastKey: readonly unknown[] = [];
  let lastRows: readonly Row[] = [];
  let sortedAt = -Infinity;
  let sortedProgress = -1;
  return (state) => {
    if (sortUsesProgress(state.sortKey) && state.progressVersion !== sortedProgress && now() - sortedAt >= liveResortMs) {
      sortedProgress = state.progressVersion;
      sortedAt = now();
    }
    const key = [
      state.listVersion,
      sortUsesProgress(state.sortKey) ? sortedProgress : -1,
      state.filter,
      state.groupFilter,
      state.search,
      state.sortKey,
      state.direction,
      state.expanded,
    ];
    if (key.length === lastKey.length && key.every((value, index) => value === lastKey[index])) return lastRows;
    lastKey = key;
    if (sortUsesProgress(state.sortKey)) sortedAt = now();
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
