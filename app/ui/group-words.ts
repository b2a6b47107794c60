import type { GroupView } from '../contract/views.js';
import type { Words } from './task-words.js';

/**
 * A group's state in words: moving groups count what is done and what waits;
 * a settled group says it is done, and how many failed.
 */
export function groupWords(group: Pick<GroupView, 'state' | 'count' | 'byState'>): Words {
  const n = (state: keyof GroupView['byState']): number => group.byState[state] ?? 0;
  const done = n('completed');
  const failed = n('failed');
  switch (group.state) {
    case 'active':
      return { key: 'group.active', params: { done, count: group.count, queued: n('queued') } };
    case 'paused':
      return { key: 'group.paused', params: { done, count: group.count } };
    case 'failed':
      return { key: 'group.failed', params: { failed, count: group.count } };
    case 'completed':
      return { key: 'group.completed', params: { count: group.count } };
    case 'empty':
      return { key: 'group.empty' };
  }
}
