import type { TaskView } from '../contract/views.js';
import type { TaskReason } from '../domain/task-reason.js';
import type { TaskState } from '../domain/task-state.js';
import { formatEta } from './format.js';

/**
 * What the status cell says, as catalogue keys: the state's label and, after
 * a dash, why. Components translate the keys; the rules of which words fit
 * which task live here, so they are tested without a browser.
 */
export interface Words {
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
  /** The server's HTTP status, said after the words in brackets: "server busy (503)". */
  readonly status?: number;
  /**
   * The technical words behind the sentence (a validator's or the engine's
   * message, in English), shown apart from it for a report or a search and
   * never translated or put into the sentence.
   */
  readonly detail?: string;
}

/** Words in a language: the key translated, then the status in brackets, as every language writes it. */
export function wordsText(words: Words, translate: (key: string, params?: Readonly<Record<string, string | number>>) => string): string {
  const text = translate(words.key, words.params);
  return words.status === undefined ? text : `${text} (${words.status})`;
}

export interface TaskWords {
  readonly label: Words;
  readonly reason: Words | null;
}

/** Every reason code, so the catalogue can be checked to have words for each. */
export function reasonKey(reason: TaskReason): string {
  return `reason.${reason}`;
}

/** Why, with the server's status when an answer of the server was the cause. */
export function reasonWords(task: Pick<TaskView, 'reason' | 'httpStatus'>): Words | null {
  if (task.reason === null) return null;
  return task.httpStatus === null ? { key: reasonKey(task.reason) } : { key: reasonKey(task.reason), status: task.httpStatus };
}

export function stateKey(state: TaskState): string {
  return `state.${state}`;
}

/** What the queue is doing, for what a queued download waits for. */
export interface QueueSituation {
  /** Fewer downloads run than may: a queued one is held back by its server's caps (downloads or connections per server). */
  readonly slotsFree: boolean;
}

/**
 * `now` is passed in (milliseconds) so "Retrying in 12 s" is deterministic in
 * tests and counts down in the UI.
 */
export function taskWords(
  task: Pick<TaskView, 'state' | 'reason' | 'httpStatus' | 'nextAttemptAt' | 'checksum'>,
  now: number,
  queue: QueueSituation = { slotsFree: false },
): TaskWords {
  const because = reasonWords(task);
  switch (task.state) {
    case 'running':
      return { label: { key: stateKey('running') }, reason: null };
    case 'queued':
      // A download put back in line by a restart or a lost network says so; otherwise it waits its turn.
      if (task.reason === 'interrupted' || task.reason === 'offline') return { label: { key: stateKey('queued') }, reason: because };
      return { label: { key: stateKey('queued') }, reason: { key: queue.slotsFree ? 'why.waitingForServer' : 'why.waitingForSlot' } };
    case 'paused':
      return { label: { key: stateKey('paused') }, reason: task.reason === 'by_user' ? null : because };
    case 'retrying': {
      const seconds = task.nextAttemptAt === null ? null : Math.max(0, Math.ceil((task.nextAttemptAt - now) / 1000));
      return {
        label:
          seconds === null || seconds === 0
            ? { key: 'state.retryingNow' }
            : seconds < 60
              ? { key: 'state.retryingIn', params: { seconds } }
              : { key: 'state.retryingInTime', params: { time: formatEta(seconds) } },
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
