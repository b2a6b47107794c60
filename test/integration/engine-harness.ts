import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../main/engine/clock.js';
import { toDownloadError, type DownloadError } from '../../main/engine/download-error.js';
import { nodeFileSystem, type FileSystem } from '../../main/engine/file-system.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import { defaultTransferLimits, type TransferLimits, type TransferRequest, type TransferResult } from '../../main/engine/transfer-job.js';
import type { TokenBucket } from '../../main/engine/token-bucket.js';
import { transferOnce } from '../../main/engine/transfer.js';
import { newTransferState, type TransferState } from '../../main/engine/transfer-state.js';

/** A scratch root with the download folder inside it, so a test can prove nothing was written beside the folder. */
export interface Sandbox {
  readonly root: string;
  readonly dir: string;
  /** A folder beside it for the test's own files (databases, URL lists). */
  readonly aside: string;
  /** Entries of the root other than those two folders: must stay empty. */
  strays(): Promise<string[]>;
  /** Names in the download folder, sorted. */
  files(): Promise<string[]>;
  remove(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'peregrine-test-'));
  const dir = path.join(root, 'downloads');
  const aside = path.join(root, 'aside');
  await mkdir(dir);
  await mkdir(aside);
  return {
    root,
    dir,
    aside,
    strays: async () => (await readdir(root)).filter((name) => name !== 'downloads' && name !== 'aside'),
    files: async () => (await readdir(dir)).sort(),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export interface RunOptions {
  readonly request?: Partial<TransferRequest>;
  readonly state?: TransferState;
  readonly limits?: Partial<TransferLimits>;
  readonly fs?: FileSystem;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytes: number) => void;
  /** Sees every checkpoint as it happens (before the next byte is written). */
  readonly onCheckpoint?: (state: Readonly<TransferState>) => void;
  readonly limiters?: readonly TokenBucket[];
  /** Connections per download; 1 when absent, as the engine's default. */
  readonly connections?: number;
}

export interface RunOutcome {
  readonly result?: TransferResult;
  readonly error?: DownloadError;
  readonly state: TransferState;
  readonly checkpoints: TransferState[];
  /** What the engine told the user along the way (a download that left https for http). */
  readonly warnings: string[];
}

/**
 * Runs one attempt of the real engine (got, the real disk), as the queue's
 * transfer runner does, and never throws. Retrying is the queue's: tested there.
 */
export async function runDownload(url: string, dir: string, options: RunOptions = {}): Promise<RunOutcome> {
  const state = options.state ?? newTransferState(url);
  const checkpoints: TransferState[] = [];
  const warnings: string[] = [];
  try {
    const result = await transferOnce({
      request: { url, dir, ...options.request },
      state,
      deps: { http: createGotHttpClient(), fs: options.fs ?? nodeFileSystem, clock: options.clock ?? systemClock },
      limits: { ...defaultTransferLimits, connectTimeoutMs: 5_000, idleTimeoutMs: 5_000, ...options.limits },
      observer: {
        onCheckpoint: (checkpoint) => {
          checkpoints.push({ ...checkpoint });
          options.onCheckpoint?.(checkpoint);
        },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        onWarning: (message) => warnings.push(message),
      },
      signal: options.signal ?? new AbortController().signal,
      connections: options.connections,
      limiters: options.limiters,
    });
    return { result, state, checkpoints, warnings };
  } catch (error) {
    return { error: toDownloadError(error), state, checkpoints, warnings };
  }
}
