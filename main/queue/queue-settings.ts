import { defaultSettings } from '../../app/domain/default-settings.js';
import type { Settings } from '../../app/domain/settings.js';
import { defaultTransferLimits, limitsWithTimeout, type TransferLimits } from '../engine/transfer-job.js';

export interface QueueSettings {
  /** Transfers at once, across all hosts. */
  readonly maxConcurrent: number;
  /** Transfers at once to one host, so one server is not hammered. */
  readonly maxPerHost: number;
  /** Automatic retries after a retryable failure before the task fails. */
  readonly retries: number;
  /** Total speed limit in bytes per second across all transfers; 0 means none. */
  readonly speedLimit: number;
  /** Connections per download unless the task says otherwise. */
  readonly connections: number;
  /** Connections open at once to one host, across all transfers. */
  readonly maxConnectionsPerHost: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often engine checkpoints are written to the database, batched. */
  readonly checkpointFlushMs: number;
  readonly limits: TransferLimits;
}

export const defaultQueueSettings: QueueSettings = {
  maxConcurrent: defaultSettings.maxConcurrent,
  maxPerHost: defaultSettings.maxPerHost,
  retries: defaultSettings.retries,
  speedLimit: defaultSettings.speedLimit,
  connections: defaultSettings.connections,
  maxConnectionsPerHost: defaultSettings.maxConnectionsPerHost,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  checkpointFlushMs: 500,
  limits: defaultTransferLimits,
};

/** The queue's settings with the user's choices applied. */
export function queueSettingsFrom(settings: Settings, base: QueueSettings = defaultQueueSettings): QueueSettings {
  return {
    ...base,
    maxConcurrent: settings.maxConcurrent,
    maxPerHost: settings.maxPerHost,
    retries: settings.retries,
    speedLimit: settings.speedLimit,
    connections: settings.connections,
    maxConnectionsPerHost: settings.maxConnectionsPerHost,
    limits: limitsWithTimeout(settings.timeout > 0 ? settings.timeout * 1000 : undefined, base.limits),
  };
}
