import type { GroupSummary } from '../../app/domain/group.js';
import type { Task } from '../../app/domain/task.js';
import { isSettled, type TaskState } from '../../app/domain/task-state.js';
import type { GroupStore } from '../store/group-store.js';
import type { TaskStore } from '../store/task-store.js';

export interface GroupSettled {
  readonly summary: GroupSummary;
  readonly failed: readonly Task[];
}

/**
 * Keeps a group's "every member is done" mark true after a member moved to
 * `state`: cleared when a member is queued again, set (and returned, to be
 * announced once) when the last member settles.
 */
export function markGroupAfter(tasks: TaskStore, groups: GroupStore, groupId: number, state: TaskState): GroupSettled | undefined {
  if (state === 'queued') groups.setSettled(groupId, false);
  return isSettled(state) ? settleGroupIfDone(tasks, groups, groupId) : undefined;
}

/** Marks the group settled when every member is completed, failed or canceled; undefined when not (or already marked). */
export function settleGroupIfDone(tasks: TaskStore, groups: GroupStore, groupId: number): GroupSettled | undefined {
  const summary = groups.summary(groupId);
  if (summary === undefined || summary.group.settledAt !== null || summary.count === 0) return undefined;
  const settled = (summary.byState.completed ?? 0) + (summary.byState.failed ?? 0) + (summary.byState.canceled ?? 0);
  if (settled < summary.count) return undefined;
  groups.setSettled(groupId, true);
  const failed = tasks.listInGroup(groupId).filter((task) => task.state === 'failed');
  return { summary: groups.summary(groupId) ?? summary, failed };
}
