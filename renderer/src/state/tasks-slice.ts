import type { StateCreator } from 'zustand/vanilla';
import type { TaskProgress, TaskView } from '../../../app/contract/views.js';
import type { AppState } from './app-state.js';

export interface TasksSlice {
  readonly tasks: ReadonlyMap<number, TaskView>;
  /** Task ids in the order they were added. */
  readonly order: readonly number[];
  /** Live numbers of running downloads; a batch replaces only the entries it names. */
  readonly progress: ReadonlyMap<number, TaskProgress>;
  /** Grows when a change can move rows in or out of the list or reorder them, so the rows are rebuilt only then. */
  readonly listVersion: number;
  /** Grows with every progress batch (rows sorted by speed or progress follow it). */
  readonly progressVersion: number;
}

export const createTasksSlice: StateCreator<AppState, [], [], TasksSlice> = () => ({
  tasks: new Map(),
  order: [],
  progress: new Map(),
  listVersion: 0,
  progressVersion: 0,
});

/** Fields that decide whether a row is shown and where: a change to any of them rebuilds the rows. */
export function movesRows(before: TaskView | undefined, after: TaskView): boolean {
  return (
    before === undefined ||
    before.state !== after.state ||
    before.fileName !== after.fileName ||
    before.groupId !== after.groupId ||
    before.totalBytes !== after.totalBytes ||
    before.url !== after.url
  );
}

export function byAdded(a: TaskView, b: TaskView): number {
  return a.createdAt - b.createdAt || a.id - b.id;
}
