import type { StateCreator } from 'zustand/vanilla';
import type { SortKey } from '../../../app/ui/task-rows.js';
import type { AppState } from './app-state.js';

/** Rows are named by key (`t12` a task, `g3` a group), as the list builds them. */
export interface SelectionSlice {
  readonly selected: ReadonlySet<string>;
  /** Where a Shift-range starts. */
  readonly anchor: string | null;
  /** The row the keyboard is on. */
  readonly focused: string | null;
  /** The column header the keyboard is on instead of a row (the grid's header row, above the rows); a row taking the focus clears it. */
  readonly headerFocused: SortKey | null;
  /** `only` a click, `toggle` Ctrl/Cmd+click, `range` Shift+click (over `keys`, the rows in list order). */
  select(key: string, mode: 'only' | 'toggle' | 'range', keys: readonly string[]): void;
  selectAll(keys: readonly string[]): void;
  clearSelection(): void;
  /** Moves the keyboard focus `by` rows; with `extend`, the selection grows from the anchor as Shift+arrow does. */
  moveFocus(by: number, keys: readonly string[], extend: boolean): void;
  /** Puts the keyboard on a column header (null: back to the rows). */
  focusHeader(key: SortKey | null): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: new Set(),
  anchor: null,
  focused: null,
  headerFocused: null,
  select(key, mode, keys) {
    const { selected, anchor } = get();
    if (mode === 'only') {
      set({ selected: new Set([key]), anchor: key, focused: key, headerFocused: null, detailsId: followedDetails(get().detailsId, key) });
    } else if (mode === 'toggle') {
      const next = new Set(selected);
      if (!next.delete(key)) next.add(key);
      set({ selected: next, anchor: key, focused: key, headerFocused: null });
    } else {
      set({ selected: new Set(between(keys, anchor ?? key, key)), focused: key, headerFocused: null });
    }
  },
  selectAll(keys) {
    set({ selected: new Set(keys), anchor: keys[0] ?? null });
  },
  clearSelection() {
    set({ selected: new Set(), anchor: null });
  },
  moveFocus(by, keys, extend) {
    if (keys.length === 0) return;
    const { focused, anchor } = get();
    const at = focused === null ? -1 : keys.indexOf(focused);
    const index = Math.max(0, Math.min(keys.length - 1, at === -1 ? (by > 0 ? 0 : keys.length - 1) : at + by));
    const key = keys[index] as string;
    if (extend) set({ selected: new Set(between(keys, anchor ?? key, key)), focused: key, headerFocused: null, anchor: anchor ?? key });
    else set({ selected: new Set([key]), focused: key, headerFocused: null, anchor: key, detailsId: followedDetails(get().detailsId, key) });
  },
  focusHeader(key) {
    set({ headerFocused: key });
  },
});

/** An open details dock follows a single selected download, as an inspector does; a group row leaves it where it is. */
function followedDetails(detailsId: number | null, key: string): number | null {
  return detailsId !== null && key.startsWith('t') ? Number(key.slice(1)) : detailsId;
}

function between(keys: readonly string[], from: string, to: string): string[] {
  const a = keys.indexOf(from);
  const b = keys.indexOf(to);
  if (a === -1 || b === -1) return [to];
  return keys.slice(Math.min(a, b), Math.max(a, b) + 1);
}

/** Drops keys of rows that no longer exist. */
export function withoutKeys(selected: ReadonlySet<string>, gone: ReadonlySet<string>): ReadonlySet<string> {
  if (![...gone].some((key) => selected.has(key))) return selected;
  return new Set([...selected].filter((key) => !gone.has(key)));
}
