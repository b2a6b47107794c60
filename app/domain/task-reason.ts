import { isErrorCode, type ErrorCode } from './error-codes.js';

/**
 * Why a task is in its state: an engine error code, or one of the queue's own
 * reasons. Stored as text; like error codes, never renamed once released.
 */
export const queueReasons = ['by_user', 'offline', 'interrupted'] as const;
export type QueueReason = (typeof queueReasons)[number];
export type TaskReason = ErrorCode | QueueReason;

export function isTaskReason(value: string): value is TaskReason {
  return isErrorCode(value) || (queueReasons as readonly string[]).includes(value);
}
