import type { StateCreator } from 'zustand/vanilla';
import type { Words } from '../../../app/ui/task-words.js';
import type { AppState } from './app-state.js';

export interface Toast {
  readonly id: number;
  readonly words: Words;
  readonly tone: 'info' | 'error';
}

/** Short messages: results of commands, notices from the service. */
export interface ToastsSlice {
  readonly toasts: readonly Toast[];
  toast(words: Words, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
}

let nextToastId = 1;

export const createToastsSlice: StateCreator<AppState, [], [], ToastsSlice> = (set, get) => ({
  toasts: [],
  toast(words, tone = 'info') {
    // The same words again replace the older toast (three "Added 1 download" say nothing more than one);
    // at most a handful on screen: a burst of failures must not bury the window.
    const same = (toast: Toast) => toast.tone === tone && toast.words.key === words.key && JSON.stringify(toast.words.params) === JSON.stringify(words.params);
    set({ toasts: [...get().toasts.filter((toast) => !same(toast)).slice(-2), { id: nextToastId++, words, tone }] });
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }),
});
