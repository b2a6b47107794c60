import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-state.js';

/** At most one dialog at a time; each says what it opened with. */
export type Dialog =
  | { readonly kind: 'add'; readonly text: string }
  | { readonly kind: 'settings' }
  | { readonly kind: 'remove'; readonly ids: readonly number[]; readonly groupId: number | null; readonly withFile: boolean }
  | { readonly kind: 'refreshUrl'; readonly id: number };

export interface DialogsSlice {
  readonly dialog: Dialog | null;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
}

export const createDialogsSlice: StateCreator<AppState, [], [], DialogsSlice> = (set) => ({
  dialog: null,
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
});
