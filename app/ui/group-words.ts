import type { GroupView } from '../contract/views.js';
import type { TaskState } from '../domain/task-state.js';
import type { Words } from './task-words.js';

/**
 * A group's state in words: moving groups count what is done and what waits,
 * and what failed; a settled group says it is done, and how many failed.
 */
export function groupWords(group: Pick<GroupView, 'state' | 'count' | 'byState'>): Words {
  const n = (state: keyof GroupView['byState']): number => group.byState[state] ?? 0;
  const done = n('completed');
  const failed = n('failed');
  switch (group.state) {
    // Failed members of a group still moving or paused are counted too (the sidebar says them): "3 of 8 done, 1 failed, 4 queued" (the failure before what waits, in sight first).
    case 'active':
      return failed > 0
        ? { key: 'group.activeWithFailed', params: { done, count: group.count, queued: n('queued'), failed } }
        : { key: 'group.active', params: { done, count: group.count, queued: n('queued') } };
    case 'paused':
      return failed > 0 ? { key: 'group.pausedWithFailed', params: { done, count: group.count, failed } } : { key: 'group.paused', params: { done, count: group.count } };
    case 'failed':
      return { key: 'group.failed', params: { failed, count: group.count } };
    case 'completed':
      return { key: 'group.completed', params: { count: group.count } };
    case 'empty':
      return { key: 'group.empty' };
  }
}

/**
 * The task state a group's row shows (its icon and label): a group whose
 * members all wait for a slot is queued, not downloading, though it is active.
 */
export function groupShownState(group: Pick<GroupView, 'state' | 'byState'>): TaskState {
  const n = (state: keyof GroupView['byState']): number => group.byState[state] ?? 0;
  switch (group.state) {
    case 'active':
      return n('running') > 0 ? 'running' : n('retrying') > 0 ? 'retrying' : n('waiting_network') > 0 ? 'waiting_network' : 'queued';
    case 'paused':
      return 'paused';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'empty':
      return 'queued';
  }
}

/**
 * A group row's status line: the shown state's name (label) and the words
 * after it, the name left out where the words already say it ("All 5 done",
 * "1 of 5 failed", "No downloads"), so nothing is said twice.
 */
export function groupLine(group: Pick<GroupView, 'state' | 'count' | 'byState'>): { readonly label: Words | null; readonly words: Words } {
  const words = groupWords(group);
  switch (group.state) {
    case 'active':
    case 'paused':
      return { label: { key: `state.${groupShownState(group)}` }, words };
    case 'completed':
    case 'failed':
    case 'empty':
      return { label: null, words };
  }
}
