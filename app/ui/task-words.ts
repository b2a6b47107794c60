import type { TaskView } from '../contract/views.js';
import type { TaskReason } from '../domain/task-reason.js';
import type { TaskState } from '../domain/task-state.js';

/**
 * What the status cell says, as catalogue keys: the state's label and, after
 * a dash, why. Components translate the keys; the rules of which words fit
 * which task live here, so they are tested without a browser.
 */
export interface Words {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface TaskWords {
  readonly label: Words;
  readonly reason: Words | null;
}

/** Every reason code, so the catalogue can be checked to have words for each. */
export function reasonKey(reason: TaskReason): string {
  return `reason.${reason}`;
}

export function stateKey(state: TaskState): string {
  return `state.${state}`;
}

/**
 * `now` is passed in (milliseconds) so "Retrying in 12 s" is deterministic in
 * tests and counts down in the UI.
 */
export function taskWords(task: Pick<TaskView, 'state' | 'reason' | 'nextAttemptAt' | 'checksum'>, now: number): TaskWords {
  const because = task.reason === null ? null : { key: reasonKey(task.reason) };
  switch (task.state) {
    case 'running':
      return { label: { key: stateKey('running') }, reason: null };
    case 'queued':
      // A download put back in line by a restart or a lost network says so; otherwise it waits its turn.
      return { label: { key: stateKey('queued') }, reason: task.reason === 'interrupted' || task.reason === 'offline' ? because : { key: 'why.waitingForSlot' } };
    case 'paused':
      return { label: { key: stateKey('paused') }, reason: task.reason === 'by_user' ? null : because };
    case 'retrying': {
      const seconds = task.nextAttemptAt === null ? null : Math.max(0, Math.ceil((task.nextAttemptAt - now) / 1000));
      return {
        label: seconds === null || seconds === 0 ? { key: 'state.retryingNow' } : { key: 'state.retryingIn', params: { seconds } },
        reason: because,
      };
    }
    case 'waiting_network':
      return { label: { key: stateKey('waiting_network') }, reason: { key: 'why.resumesByItself' } };
    case 'failed':
      return { label: { key: stateKey('failed') }, reason: because };
    case 'completed':
      return { label: { key: stateKey('completed') }, reason: task.checksum === null ? null : { key: 'why.verified', params: { algorithm: task.checksum.algorithm } } };
    case 'canceled':
      return { label: { key: stateKey('canceled') }, reason: null };
  }
}
