import type { KeyboardEvent } from 'react';
import { toggleCommand } from '../../../../app/ui/task-actions.js';
import type { Services } from '../services.js';
import { headerKeys } from './ColumnHeader.js';
import { rowElementId } from './row-click.js';
import { selectedItems } from './selected-items.js';

interface Handlers {
  readonly services: Services;
  readonly pageSize: number;
  readonly perform: (action: 'pause' | 'resume' | 'remove' | 'details', ids: readonly number[]) => Promise<void>;
  readonly scrollTo: (index: number) => void;
}

/**
 * The list's keys, as in a file manager: arrows (Shift extends), Home/End,
 * Page Up/Down, Ctrl+A, Space pauses or resumes, Enter opens details or a
 * group, Right/Left expand and collapse, Delete removes from the list, the
 * menu key or Shift+F10 opens the row menu. Above the rows, the header row:
 * Up from the first row (or Tab into a list with no row chosen) reaches the
 * sort headers, Left/Right/Home/End move along them, Enter or Space sorts,
 * Down goes back to the first row (the WAI-ARIA grid pattern: one Tab stop,
 * the arrows inside).
 */
export function listKeyDown(event: KeyboardEvent, { services, pageSize, perform, scrollTo }: Handlers): void {
  const state = services.store.getState();
  const keys = services.selectRows(state).map((row) => row.key);
  const focusedIndex = state.focused === null ? -1 : keys.indexOf(state.focused);
  const move = (by: number): void => {
    state.moveFocus(by, keys, event.shiftKey);
    const key = services.store.getState().focused;
    if (key !== null) scrollTo(keys.indexOf(key));
  };
  const mod = event.ctrlKey || event.metaKey;
  const focusedGroup = state.focused?.startsWith('g') === true ? Number(state.focused.slice(1)) : null;

  const header = state.headerFocused;
  if (header !== null && !mod) {
    const at = headerKeys.findIndex((key) => key === header);
    const toHeader = (index: number) => state.focusHeader(headerKeys[Math.max(0, Math.min(headerKeys.length - 1, index))] ?? header);
    switch (event.key) {
      case 'ArrowLeft':
        return stop(event, () => toHeader(at - 1));
      case 'ArrowRight':
        return stop(event, () => toHeader(at + 1));
      case 'Home':
        return stop(event, () => toHeader(0));
      case 'End':
        return stop(event, () => toHeader(headerKeys.length - 1));
      case 'ArrowUp':
      case 'PageUp':
        return stop(event, () => undefined);
      case 'ArrowDown':
      case 'PageDown':
        // To the first row (a row taking the focus leaves the header).
        return stop(event, () => (focusedIndex === -1 ? move(1) : move(-focusedIndex)));
      case 'Enter':
      case ' ':
        return stop(event, () => state.sortBy(header));
    }
  }

  switch (event.key) {
    case 'ArrowDown':
      return stop(event, () => move(1));
    case 'ArrowUp':
      // From the first row, up to the header row above it.
      if (focusedIndex === 0 && !event.shiftKey) return stop(event, () => state.focusHeader(headerKeys[0]));
      return stop(event, () => move(-1));
    case 'PageDown':
      return stop(event, () => move(pageSize));
    case 'PageUp':
      return stop(event, () => move(-pageSize));
    case 'Home':
      return stop(event, () => move(-keys.length));
    case 'End':
      return stop(event, () => move(keys.length));
    case 'ArrowRight':
      if (focusedGroup !== null) stop(event, () => state.toggleExpanded(focusedGroup, true));
      return;
    case 'ArrowLeft':
      if (focusedGroup !== null) stop(event, () => state.toggleExpanded(focusedGroup, false));
      return;
    case 'a':
    case 'A':
      if (mod)
        stop(event, () => {
          state.focusHeader(null);
          state.selectAll(keys);
        });
      return;
    case ' ': {
      const { tasks } = selectedItems(state);
      const command = toggleCommand(tasks.map((task) => task.state));
      return stop(event, () => {
        if (command !== null) void perform(command, tasks.map((task) => task.id));
      });
    }
    case 'Enter':
      if (focusedGroup !== null) return stop(event, () => state.toggleExpanded(focusedGroup));
      if (focusedIndex !== -1 && state.focused !== null) {
        const id = Number(state.focused.slice(1));
        return stop(event, () => void perform('details', [id]));
      }
      return;
    case 'Delete': {
      const { tasks, groups } = selectedItems(state);
      return stop(event, () => {
        if (tasks.length > 0) void perform('remove', tasks.map((task) => task.id));
        const [group] = groups;
        if (group !== undefined) state.openDialog({ kind: 'remove', ids: [], groupId: group.id, withFile: false });
      });
    }
    case 'ContextMenu':
    case 'F10':
      if (event.key === 'F10' && !event.shiftKey) return;
      return stop(event, () => openMenuAt(state.focused));
    case 'Escape':
      if (state.selected.size > 0) stop(event, () => state.clearSelection());
      return;
  }
}

/** The menu key and Shift+F10 open the row menu where the focused row is, as a right click there would. */
function openMenuAt(key: string | null): void {
  const element = key === null ? null : document.getElementById(rowElementId(key));
  if (element === null) return;
  const box = element.getBoundingClientRect();
  element.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: box.left + 48, clientY: box.bottom - 4 }));
}

function stop(event: KeyboardEvent, action: () => void): void {
  event.preventDefault();
  action();
}
