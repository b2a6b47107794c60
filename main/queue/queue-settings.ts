import { defaultTransferLimits, type TransferLimits } from '../engine/transfer.js';

export interface QueueSettings {
  /** Transfers at once, across all hosts. */
  readonly maxConcurrent: number;
  /** Transfers at once to one host, so one server is not hammered. */
  readonly maxPerHost: number;
  /** Automatic retries after a retryable failure before the task fails. */
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often engine checkpoints are written to the database, batched. */
  readonly checkpointFlushMs: number;
  readonly limits: TransferLimits;
}

export const defaultQueueSettings: QueueSettings = {
  maxConcurrent: 3,
  maxPerHost: 4,
  retries: 5,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  checkpointFlushMs: 500,
  limits: defaultTransferLimits,
};
