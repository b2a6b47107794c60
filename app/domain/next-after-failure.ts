import { isRetryable, type ErrorCode } from './error-codes.js';
import { retryDelay } from './retry-delay.js';
import type { TaskReason } from './task-reason.js';
import type { TaskState } from './task-state.js';

/** Why a transfer stopped, as the engine reported it. */
export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
  /** The server's Retry-After, in ms. */
  readonly retryAfterMs?: number | undefined;
  /** The HTTP status of the answer that caused it, when one did. */
  readonly status?: number | undefined;
}

/** Where the queue sent a transfer it stopped on purpose (a user's pause or cancel, the network going, a lowered cap, quitting). */
export interface StopOrder {
  readonly to: TaskState;
  readonly reason?: TaskReason | undefined;
}

export interface FailureContext {
  /** Set when the transfer was stopped on purpose: then its failure is only the stop taking effect. */
  readonly stopAs?: StopOrder | undefined;
  readonly online: boolean;
  /** Automatic retries already used. */
  readonly attempts: number;
  /** The attempt moved the download forward: it does not use up a retry. */
  readonly madeProgress: boolean;
  /** Automatic retries allowed before the task fails. */
  readonly retries: number;
  readonly now: number;
  /** A number in [0, 1), for the backoff's jitter. */
  readonly random: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

/** What the row gets besides its new state. */
export interface FailureDetail {
  readonly reason?: TaskReason | undefined;
  readonly message?: string | undefined;
  /** The server's HTTP status behind `reason`; like the reason, cleared by any transition that does not set it. */
  readonly httpStatus?: number | undefined;
  /** The automatic retry counter after this transition. */
  readonly attempts?: number | undefined;
  readonly nextAttemptAt?: number | undefined;
}

export interface NextStep {
  /** `running` means the row stays as it is: the app is quitting, and the next start resumes the task. */
  readonly state: TaskState;
  readonly detail: FailureDetail;
}

/**
 * Where a running task goes once its transfer has failed or been stopped:
 * the queue's whole failure policy, in one place, with no I/O.
 */
export function nextAfterFailure(failure: Failure, context: FailureContext): NextStep {
  const { stopAs } = context;
  if (stopAs !== undefined) {
    // The network may have come back while the transfer was stopping: then it only waits for a slot.
    if (stopAs.to === 'waiting_network' && context.online) return { state: 'queued', detail: { reason: 'offline' } };
    if (stopAs.to === 'running') return { state: 'running', detail: {} };
    // A user's action gives the task a fresh set of automatic retries.
    return { state: stopAs.to, detail: { reason: stopAs.reason, attempts: 0 } };
  }
  // The status is kept beside the reason, so the user reads "server busy (503)".
  const detail = { reason: failure.code, message: failure.message, ...(failure.status !== undefined ? { httpStatus: failure.status } : {}) };
  // The partial file stays: once space is freed, resuming continues from it.
  if (failure.code === 'no_space') return { state: 'paused', detail };
  if (!isRetryable(failure.code)) return { state: 'failed', detail };
  if (!context.online) return { state: 'waiting_network', detail: { reason: 'offline', message: failure.message } };
  const attempts = (context.madeProgress ? 0 : context.attempts) + 1;
  if (attempts > context.retries) return { state: 'failed', detail: { ...detail, attempts: attempts - 1 } };
  const delay = retryDelay({
    attempt: attempts,
    retryAfterMs: failure.retryAfterMs,
    random: context.random,
    baseMs: context.retryBaseMs,
    maxMs: context.retryMaxMs,
  });
  return { state: 'retrying', detail: { ...detail, attempts, nextAttemptAt: context.now + delay } };
}
