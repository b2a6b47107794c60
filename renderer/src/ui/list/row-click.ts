import type { MouseEvent } from 'react';
import type { Services } from '../services.js';

/** Click, Ctrl/Cmd+click and Shift+click on a row, as in every file manager. */
export function selectOnClick(services: Services, key: string, event: MouseEvent): void {
  const state = services.store.getState();
  const keys = services.selectRows(state).map((row) => row.key);
  const mode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only';
  state.select(key, mode, keys);
}

/** A right click on a row outside the selection selects that row alone, so the menu acts on what was clicked. */
export function selectOnContextMenu(services: Services, key: string): void {
  const state = services.store.getState();
  if (!state.selected.has(key)) state.select(key, 'only', services.selectRows(state).map((row) => row.key));
}

export function rowElementId(key: string): string {
  return `row-${key}`;
}
