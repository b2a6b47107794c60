import type { Checksum } from '../../app/domain/checksum.js';
import type { Task } from '../../app/domain/task.js';
import type { Clock } from '../engine/clock.js';
import { downloadWithRetries } from '../engine/download.js';
import { toDownloadError } from '../engine/download-error.js';
import type { FileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { defaultTransferLimits, type TransferJob } from '../engine/transfer.js';
import type { TaskStore } from '../store/task-store.js';
import type { DownloadReporter, RunningDownload } from './download-reporter.js';
import { exitCodes } from './exit-codes.js';

export interface GetRequest {
  readonly urls: readonly string[];
  readonly dir: string;
  readonly fileName?: string | undefined;
  readonly concurrent: number;
  readonly checksum?: Checksum | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly retries: number;
  readonly timeoutMs: number;
}

export interface GetContext {
  readonly store: TaskStore;
  readonly http: HttpClient;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly reporter: DownloadReporter;
  readonly signal: AbortSignal;
}

const tickMs = 250;

/**
 * Records every URL as a task (or picks up the unfinished task of an earlier
 * run of the same command) and downloads them, `concurrent` at a time.
 * Returns the exit code.
 */
export async function runGet(request: GetRequest, context: GetContext): Promise<number> {
  const tasks = request.urls.map((url) => taskFor(request, context.store, url));
  const running = new Set<RunningDownload>();
  const ticker = setInterval(() => context.reporter.tick([...running], context.clock.now()), tickMs);
  const waiting = [...tasks];
  let failed = 0;
  const worker = async (): Promise<void> => {
    for (let task = waiting.shift(); task !== undefined && !context.signal.aborted; task = waiting.shift()) {
      if (!(await runTask(task, request, context, running))) failed += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(request.concurrent, tasks.length) }, worker));
  } finally {
    clearInterval(ticker);
    context.reporter.stop();
  }
  if (context.signal.aborted) return exitCodes.interrupted;
  return failed > 0 ? exitCodes.failed : exitCodes.ok;
}

function taskFor(request: GetRequest, store: TaskStore, url: string): Task {
  const earlier = store.findUnfinished(url, request.dir, request.fileName);
  if (earlier === undefined) {
    return store.insert({
      url,
      dir: request.dir,
      requestedName: request.fileName,
      checksum: request.checksum ? `${request.checksum.algorithm}=${request.checksum.hex}` : undefined,
      headers: request.headers,
    });
  }
  // A run that was interrupted, failed or crashed goes back in the queue.
  return earlier.state === 'queued' ? earlier : store.transition(earlier.id, 'queued');
}

/** Downloads one task; true when its file is complete. */
async function runTask(task: Task, request: GetRequest, context: GetContext, running: Set<RunningDownload>): Promise<boolean> {
  const { store, reporter } = context;
  store.transition(task.id, 'running');
  const state = store.transferState(task.id);
  const download: RunningDownload = {
    id: task.id,
    url: task.url,
    fileName: state.fileName,
    totalBytes: state.totalBytes,
    bytes: state.durableBytes,
  };
  const job: TransferJob = {
    request: { dir: task.dir, fileName: request.fileName, headers: request.headers, checksum: request.checksum },
    state,
    deps: context,
    limits: { ...defaultTransferLimits, connectTimeoutMs: request.timeoutMs, idleTimeoutMs: request.timeoutMs },
    signal: context.signal,
    observer: {
      onStart: ({ fileName, totalBytes, startBytes }) => {
        download.fileName = fileName;
        download.totalBytes = totalBytes;
        download.bytes = startBytes;
        running.add(download);
        reporter.started(download, startBytes);
      },
      onProgress: (bytes) => {
        download.bytes = bytes;
      },
      onCheckpoint: (checkpoint) => store.saveTransferState(task.id, checkpoint),
    },
  };
  try {
    const result = await downloadWithRetries(job, { retries: request.retries }, {
      onRetry: (error, delayMs) => {
        store.addAttempt(task.id);
        reporter.retrying(download, error, delayMs);
      },
    });
    store.saveTransferState(task.id, state);
    store.transition(task.id, 'completed');
    reporter.completed(download, result);
    return true;
  } catch (thrown) {
    const error = toDownloadError(thrown);
    store.saveTransferState(task.id, state);
    if (error.code === 'canceled') {
      store.transition(task.id, 'paused');
    } else if (error.code === 'no_space') {
      // The partial file is kept: freeing space and running again resumes.
      store.transition(task.id, 'paused', error.code, error.message);
      reporter.failed(download, error);
    } else {
      store.transition(task.id, 'failed', error.code, error.message);
      reporter.failed(download, error);
    }
    return false;
  } finally {
    running.delete(download);
  }
}
