import { parseChecksum } from '../../app/domain/checksum.js';
import type { Task } from '../../app/domain/task.js';
import type { StopOrder } from '../../app/domain/next-after-failure.js';
import { toDownloadError, type DownloadError } from '../engine/download-error.js';
import type { TokenBucket } from '../engine/token-bucket.js';
import type { ConnectionSlots, TransferDeps, TransferLimits, TransferResult } from '../engine/transfer-job.js';
import { transferOnce } from '../engine/transfer.js';
import type { SegmentState } from '../engine/segment-plan.js';
import type { TransferState } from '../engine/transfer-state.js';
import type { CheckpointWriter } from './checkpoint-writer.js';
import type { QueueEvents } from './queue-events.js';
import type { TypedEmitter } from './typed-emitter.js';

/** Live numbers of a running transfer, kept apart from the rows so a progress tick touches no database. */
export interface TransferProgress {
  bytes: number;
  totalBytes: number | undefined;
  connections: number;
  /** Over several connections: each byte range and how far it is on disk, as of the last checkpoint. */
  ranges?: readonly SegmentState[] | undefined;
}

/** A task the queue is running: what it needs to steer the transfer while it runs. */
export interface ActiveTransfer {
  readonly task: Task;
  /** This task's own speed limit, changeable while it runs. */
  readonly limit: TokenBucket;
  readonly host: string;
  readonly controller: AbortController;
  readonly progress: TransferProgress;
  /** Set when the transfer is stopped on purpose: where the task goes once it has stopped. */
  stopAs?: StopOrder;
  /** Set when the row was changed by another process: the transfer stops and leaves the row and file to it. */
  claimLost?: boolean;
  /** Set when the transfer ended by a change of state: the row as written, with nothing written after it. */
  settled?: Task | undefined;
  /** Set once its slot is freed and its end announced. */
  ended?: boolean;
  done?: Promise<void>;
}

export interface RunnerContext {
  readonly deps: TransferDeps;
  readonly limits: TransferLimits;
  /** The total speed limit, shared by every transfer. */
  readonly sharedLimit: TokenBucket;
  readonly connections: number;
  readonly connectionSlots: ConnectionSlots;
  readonly checkpoints: CheckpointWriter;
  readonly events: TypedEmitter<QueueEvents>;
}

export type TransferOutcome =
  | { readonly kind: 'completed'; readonly result: TransferResult }
  | { readonly kind: 'failed'; readonly error: DownloadError; readonly madeProgress: boolean };

/**
 * Runs one attempt of a task's transfer: the engine fed from the row, its
 * progress kept in memory, its checkpoints handed to the writer. Says how it
 * ended; where the task goes next is the queue's to decide.
 */
export async function runTransfer(transfer: ActiveTransfer, state: TransferState, context: RunnerContext): Promise<TransferOutcome> {
  const { task, progress } = transfer;
  const { checkpoints, events } = context;
  const startedWith = state.durableBytes;
  checkpoints.begin(task.id, state);
  try {
    const result = await transferOnce({
      request: {
        url: task.url,
        dir: task.dir,
        fileName: task.requestedName ?? undefined,
        headers: task.headers,
        checksum: task.checksum !== null ? parseChecksum(task.checksum) : undefined,
        onExists: task.onExists,
      },
      state,
      deps: context.deps,
      limits: context.limits,
      signal: transfer.controller.signal,
      limiters: [transfer.limit, context.sharedLimit],
      connections: task.connections ?? context.connections,
      connectionSlots: context.connectionSlots,
      observer: {
        onStart: ({ fileName, totalBytes, startBytes }) => {
          progress.bytes = startBytes;
          progress.totalBytes = totalBytes;
          progress.connections = 1;
          events.emit('transferStarted', { task, fileName, totalBytes, startBytes });
        },
        onProgress: (bytes) => {
          progress.bytes = bytes;
        },
        onConnections: (count) => {
          progress.connections = count;
        },
        onCheckpoint: (checkpoint) => {
          progress.ranges = checkpoint.segments;
          // A new name or size is also what clients show: announced once saved.
          const described = checkpoints.record(task.id, checkpoint);
          if (described !== undefined) events.emit('taskDescribed', { id: task.id, task: described.row });
        },
        onWarning: (message) => events.emit('transferWarning', { task, message }),
      },
    });
    return { kind: 'completed', result };
  } catch (thrown) {
    return { kind: 'failed', error: toDownloadError(thrown), madeProgress: state.durableBytes > startedWith };
  }
}
