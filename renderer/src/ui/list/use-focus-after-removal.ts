import { useEffect, useRef } from 'react';
import type { Row } from '../../../../app/ui/task-rows.js';
import type { AppState } from '../../state/app-state.js';
import type { AppStore } from '../../state/app-store.js';

/** Whether the download or group a row key names is still in the list's data (not only out of the filter or the search). */
function stillThere(state: AppState, key: string): boolean {
  const id = Number(key.slice(1));
  return key.startsWith('g') ? state.groups.has(id) : state.tasks.has(id);
}

/**
 * When the row the keyboard is on is removed (Delete, the row menu, another
 * client), the keyboard goes on from the row that took its place — the next
 * one still there, else the one before — as in a file manager; without this
 * the focus pointed at nothing and the next arrow started from the top.
 * A row that only left the filter or the search keeps the focus where it was.
 */
export function useFocusAfterRemoval(store: AppStore, rows: readonly Row[], scrollTo: (index: number) => void): void {
  const before = useRef(rows);
  useEffect(() => {
    const previous = before.current;
    before.current = rows;
    const state = store.getState();
    const key = state.focused;
    if (previous === rows || key === null || stillThere(state, key)) return;
    const at = previous.findIndex((row) => row.key === key);
    if (at === -1) return;
    const now = new Map(rows.map((row, index) => [row.key, index]));
    const taking = [...previous.slice(at + 1), ...previous.slice(0, at).reverse()].find((row) => now.has(row.key));
    if (taking === undefined) return;
    state.select(taking.key, 'only', []);
    scrollTo(now.get(taking.key) ?? -1);
  }, [store, rows, scrollTo]);
}
