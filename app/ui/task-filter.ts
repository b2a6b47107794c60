import type { Stats, TaskView } from '../contract/views.js';
import type { TaskState } from '../domain/task-state.js';

/**
 * The sidebar's filters, and the one meaning of "active" and "queued" that
 * the sidebar and the status bar share: active is moving or about to move by
 * itself (downloading, retrying, waiting for the network); queued waits for a
 * slot or for the user (queued, paused). Every state is under one filter
 * besides All: a canceled download is neither failed (Retry cannot bring it
 * back) nor gone, so it has a filter of its own.
 */
export const taskFilters = ['all', 'active', 'queued', 'completed', 'failed', 'canceled'] as const;
export type TaskFilter = (typeof taskFilters)[number];

const statesOf: Readonly<Record<Exclude<TaskFilter, 'all'>, readonly TaskState[]>> = {
  active: ['running', 'retrying', 'waiting_network'],
  queued: ['queued', 'paused'],
  completed: ['completed'],
  failed: ['failed'],
  canceled: ['canceled'],
};

export function inFilter(filter: TaskFilter, state: TaskState): boolean {
  return filter === 'all' || statesOf[filter].includes(state);
}

export function filterCount(filter: TaskFilter, stats: Stats): number {
  if (filter === 'all') return stats.total;
  return statesOf[filter].reduce((sum, state) => sum + stats.byState[state], 0);
}

/** Case-insensitive, on the name and the address; `query` already lower-cased and trimmed. */
export function matchesSearch(task: Pick<TaskView, 'fileName' | 'url'>, query: string): boolean {
  if (query === '') return true;
  return (task.fileName?.toLowerCase().includes(query) ?? false) || task.url.toLowerCase().includes(query);
}
