import type { Checksum } from '../../app/domain/checksum.js';
import type { OnExists } from '../../app/domain/on-exists.js';
import type { Clock } from './clock.js';
import type { FileSystem } from './file-system.js';
import type { HttpClient } from './http-client.js';
import type { TokenBucket } from './token-bucket.js';
import type { TransferState } from './transfer-state.js';

export interface TransferRequest {
  /** The address the user gave: credential headers go only to its origin, wherever redirects lead. */
  readonly url: string;
  readonly dir: string;
  /** The user's choice of name; otherwise the server's, else the URL's. Sanitised here either way. */
  readonly fileName?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly checksum?: Checksum | undefined;
  /** A file already under the chosen name: renamed around (the default), replaced, kept, or continued. */
  readonly onExists?: OnExists | undefined;
}

export interface TransferDeps {
  readonly http: HttpClient;
  readonly fs: FileSystem;
  readonly clock: Clock;
}

export interface TransferLimits {
  /** How long connecting, and then the answer's headers after the request is sent, may take (a retryable timeout). */
  readonly connectTimeoutMs: number;
  /** How long a body may send nothing before the attempt fails as stalled (retryable). Waits on our own limits do not count. */
  readonly idleTimeoutMs: number;
  /** How often progress is made durable and reported for persisting. */
  readonly checkpointIntervalMs: number;
}

/**
 * A user watching a row that does not move for a minute thinks the app is
 * broken: a silent server is given up on well before that, and the retry
 * resumes where it stopped.
 */
export const defaultTransferLimits: TransferLimits = {
  connectTimeoutMs: 30_000,
  idleTimeoutMs: 20_000,
  // Frequent fsyncs keep the dirty data small: a crash loses little, and the last fsync before
  // the rename has little left to write (measured faster on (a) and (b) than once a second).
  checkpointIntervalMs: 250,
};

/** The limits with both timeouts set to one value (`--timeout`, the timeout setting); undefined keeps the defaults. */
export function limitsWithTimeout(timeoutMs: number | undefined, base: TransferLimits = defaultTransferLimits): TransferLimits {
  return timeoutMs === undefined ? base : { ...base, connectTimeoutMs: timeoutMs, idleTimeoutMs: timeoutMs };
}

export interface TransferObserver {
  /** The name is claimed and bytes are about to arrive. */
  onStart?(info: { readonly fileName: string; readonly totalBytes: number | undefined; readonly startBytes: number }): void;
  /** Bytes now in the partial file (written, not necessarily durable); called for every chunk, keep it cheap. */
  onProgress?(bytes: number): void;
  /** How many connections are receiving now (several while the file is split). */
  onConnections?(count: number): void;
  /** The state changed and holds only what is durable on disk: persist it. */
  onCheckpoint?(state: Readonly<TransferState>): void;
  /** Something the user should know that does not stop the download (it left https for http). */
  onWarning?(message: string): void;
}

export interface TransferJob {
  readonly request: TransferRequest;
  /** Updated in place as the attempt learns things (name, size, validator, durable bytes). */
  readonly state: TransferState;
  readonly deps: TransferDeps;
  readonly limits: TransferLimits;
  readonly observer: TransferObserver;
  readonly signal: AbortSignal;
  /** Speed limits every received chunk passes through (the task's own, the global one). */
  readonly limiters?: readonly TokenBucket[] | undefined;
  /** Connections this download may use at once; 1 (the default) never splits the file. */
  readonly connections?: number | undefined;
  /** Where connections beyond the first come from: a cap shared with other downloads from the same host. */
  readonly connectionSlots?: ConnectionSlots | undefined;
}

export interface ConnectionSlots {
  /** Takes a slot for one more connection, or says no when the host's cap is reached. */
  tryAcquire(): boolean;
  release(): void;
}

export interface TransferResult {
  readonly fileName: string;
  readonly filePath: string;
  readonly bytes: number;
  /** Set when nothing was downloaded because the file was already there (skip, or continue of a whole file). */
  readonly reason?: 'already_exists' | undefined;
}
