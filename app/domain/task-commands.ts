import type { RefusalCode } from './refusal-code.js';
import type { TaskState } from './task-state.js';

/** What a user can ask of one task. Removal is separate: it applies to every state. */
export type TaskCommand = 'pause' | 'resume' | 'retry' | 'cancel';

export type CommandPlan =
  /** Move to this state (for a running task: once its transfer has stopped). */
  | { readonly kind: 'move'; readonly to: TaskState }
  /** Already where the command would put it. */
  | { readonly kind: 'unchanged' }
  /** Not for this state: the code says so to clients, `why` in the service's English. */
  | { readonly kind: 'refused'; readonly refusal: RefusalCode; readonly why: string };

const move = (to: TaskState): CommandPlan => ({ kind: 'move', to });
const unchanged: CommandPlan = { kind: 'unchanged' };
const refused = (refusal: RefusalCode, why: string): CommandPlan => ({ kind: 'refused', refusal, why });

/**
 * Every command against every state, spelled out: the switch is exhaustive,
 * so a new state does not compile until each command says what it does.
 */
export function planCommand(command: TaskCommand, state: TaskState): CommandPlan {
  switch (state) {
    case 'queued':
      return { pause: move('paused'), resume: unchanged, retry: unchanged, cancel: move('canceled') }[command];
    case 'running':
      return { pause: move('paused'), resume: unchanged, retry: unchanged, cancel: move('canceled') }[command];
    case 'paused':
      return { pause: unchanged, resume: move('queued'), retry: move('queued'), cancel: move('canceled') }[command];
    case 'retrying':
      // Resume or retry means "now": skip the rest of the backoff.
      return { pause: move('paused'), resume: move('queued'), retry: move('queued'), cancel: move('canceled') }[command];
    case 'waiting_network':
      return { pause: move('paused'), resume: move('queued'), retry: move('queued'), cancel: move('canceled') }[command];
    case 'failed':
      return {
        pause: refused('failed', 'a failed download cannot be paused; retry it instead'),
        resume: move('queued'),
        retry: move('queued'),
        cancel: move('canceled'),
      }[command];
    case 'completed':
      return {
        pause: refused('complete', 'the download is already complete'),
        resume: refused('complete', 'the download is already complete'),
        retry: refused('complete', 'the download is already complete'),
        cancel: refused('complete', 'the download is already complete; remove it instead'),
      }[command];
    case 'canceled':
      return {
        pause: refused('canceled', 'the download was canceled'),
        resume: refused('canceled', 'the download was canceled; add it again to download it'),
        retry: refused('canceled', 'the download was canceled; add it again to download it'),
        cancel: unchanged,
      }[command];
  }
}
