import { existsSync } from 'node:fs';
import type { Checksum } from '../../app/domain/checksum.js';
import type { OnExists } from '../../app/domain/on-exists.js';
import type { Task } from '../../app/domain/task.js';
import type { Clock } from '../engine/clock.js';
import { errorCodes, isErrorCode } from '../../app/domain/error-codes.js';
import type { FileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { hashFile } from '../engine/hash-file.js';
import { pathInside } from '../engine/part-path.js';
import { limitsWithTimeout } from '../engine/transfer-job.js';
import { DownloadQueue } from '../queue/download-queue.js';
import { assumeOnline } from '../queue/network-monitor.js';
import { defaultQueueSettings } from '../queue/queue-settings.js';
import { leaseIsVacant, runningElsewhereMessage } from '../queue/task-lease.js';
import type { GroupStore } from '../store/group-store.js';
import type { TaskStore } from '../store/task-store.js';
import type { DownloadReporter, Failure, RunningDownload } from './download-reporter.js';
import { exitCodes } from './exit-codes.js';

export interface GetRequest {
  readonly urls: readonly string[];
  readonly dir: string;
  readonly fileName?: string | undefined;
  readonly checksum?: Checksum | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** When the file is already there; rename when absent. */
  readonly onExists?: OnExists | undefined;
}

/** How a foreground run behaves. */
export interface RunOptions {
  readonly concurrent: number;
  /** Connections per file. */
  readonly connections: number;
  readonly retries: number;
  /** Both the headers and the body-silence timeout; undefined keeps the engine's defaults. */
  readonly timeoutMs: number | undefined;
  /** Total bytes per second; 0 means none. */
  readonly speedLimit: number;
  /** A checksum the user gives now: a file already downloaded is verified against it on disk (stored when it matches). */
  readonly checksum?: Checksum | undefined;
}

export interface GetContext {
  readonly tasks: TaskStore;
  readonly groups: GroupStore;
  readonly http: HttpClient;
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly reporter: DownloadReporter;
  readonly signal: AbortSignal;
}

const tickMs = 250;

/**
 * Records every URL as a task, or picks up the unfinished task of an earlier
 * run of the same command; returns their ids.
 */
export function recordTasks(request: GetRequest, tasks: TaskStore): number[] {
  return tasks.atomically(() => request.urls.map((url) => taskFor(request, tasks, url).id));
}

/** Runs these tasks through the queue until each is completed, failed or paused; returns the exit code. */
export async function runTasks(taskIds: readonly number[], request: RunOptions, context: GetContext): Promise<number> {
  const ids = new Set(taskIds);
  const queue = new DownloadQueue(
    { ...context, network: assumeOnline, random: Math.random },
    {
      ...defaultQueueSettings,
      maxConcurrent: request.concurrent,
      maxPerHost: request.concurrent,
      retries: request.retries,
      speedLimit: request.speedLimit,
      connections: request.connections,
      // The user asked for this many per file: the host cap must not quietly undo it.
      maxConnectionsPerHost: Math.max(defaultQueueSettings.maxConnectionsPerHost, request.connections),
      limits: limitsWithTimeout(request.timeoutMs),
    },
    ids,
  );
  const { reporter } = context;
  const running = new Map<number, RunningDownload>();
  queue.events.on('transferStarted', ({ task, fileName, totalBytes, startBytes }) => {
    const download: RunningDownload = { id: task.id, url: task.url, fileName, totalBytes, bytes: startBytes };
    running.set(task.id, download);
    reporter.started(download, startBytes);
  });
  queue.events.on('taskChanged', (task) => {
    const download = running.get(task.id) ?? { id: task.id, url: task.url, fileName: task.fileName ?? undefined, totalBytes: undefined, bytes: 0 };
    if (task.state === 'running') return;
    running.delete(task.id);
    report(reporter, task, download);
  });
  // The database refusing a write stops the run: going on would only lose more progress.
  let storeFailed = false;
  queue.events.on('storeFailed', ({ id, error }) => {
    storeFailed = true;
    const task = id !== undefined ? context.tasks.get(id) : undefined;
    const download = (id !== undefined ? running.get(id) : undefined) ?? { id: id ?? 0, url: task?.url ?? 'queue', fileName: undefined, totalBytes: undefined, bytes: 0 };
    reporter.failed(download, { code: 'file_error', message: `could not record progress in the database: ${error instanceof Error ? error.message : String(error)}` });
  });
  // Said once per download, however many attempts or connections meet it.
  const warned = new Set<string>();
  queue.events.on('transferWarning', ({ task, message }) => {
    if (warned.has(`${task.id}\n${message}`)) return;
    warned.add(`${task.id}\n${message}`);
    reporter.warned(running.get(task.id) ?? { id: task.id, url: task.url, fileName: task.fileName ?? undefined, totalBytes: undefined, bytes: 0 }, message);
  });
  queue.events.on('runningElsewhere', (task) => {
    const lease = context.tasks.leaseOf(task.id);
    const message = lease !== undefined ? runningElsewhereMessage(lease) : errorCodes.running_elsewhere.summary;
    reporter.failed(downloadOf(task), { code: 'running_elsewhere', message });
  });
  queue.events.on('changedElsewhere', ({ task, now }) => {
    const download = running.get(task.id) ?? downloadOf(now ?? task);
    running.delete(task.id);
    const message = `another Peregrine process changed this download while it ran (it is now ${now?.state ?? 'removed'}); stopped here`;
    reporter.failed(download, { code: 'running_elsewhere', message });
  });
  // Exit 0 means downloaded and verified: a file already there is checked against a checksum given now.
  let unverified = false;
  for (const id of ids) {
    const task = context.tasks.get(id);
    if (task?.state !== 'completed') continue;
    const failure = request.checksum !== undefined ? await verifyOnDisk(task, request.checksum, context) : undefined;
    if (failure === undefined) report(reporter, task, downloadOf(task));
    else reporter.failed(downloadOf(task), failure);
    unverified ||= failure !== undefined;
  }
  const ticker = setInterval(() => {
    for (const download of running.values()) download.bytes = queue.progressOf(download.id)?.bytes ?? download.bytes;
    reporter.tick([...running.values()], context.clock.now());
  }, tickMs);

  try {
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (queue.scopeIsDone() || storeFailed) resolve();
      };
      queue.events.on('taskChanged', check);
      queue.events.on('transferEnded', check);
      queue.events.on('storeFailed', check);
      context.signal.addEventListener('abort', () => void queue.stop('pause').then(resolve), { once: true });
      queue.start();
      check();
    });
    await queue.stop('pause');
  } finally {
    clearInterval(ticker);
    reporter.stop();
  }
  if (context.signal.aborted) return exitCodes.interrupted;
  if (storeFailed || unverified) return exitCodes.failed;
  const states = [...ids].map((id) => context.tasks.get(id)?.state);
  return states.every((state) => state === 'completed') ? exitCodes.ok : exitCodes.failed;
}

function report(reporter: DownloadReporter, task: Task, download: RunningDownload): void {
  switch (task.state) {
    case 'completed':
      reporter.completed(download, {
        fileName: task.fileName ?? '',
        filePath: pathInside(task.dir, task.fileName ?? ''),
        bytes: task.doneBytes,
        reason: task.reason === 'already_exists' ? task.reason : undefined,
      });
      return;
    case 'failed':
      reporter.failed(download, errorOf(task));
      return;
    case 'paused':
      // Paused by Ctrl-C is the user's doing; paused for lack of space is worth saying.
      if (task.reason === 'no_space') reporter.failed(download, errorOf(task));
      return;
    case 'retrying':
      reporter.retrying(download, errorOf(task), Math.max((task.nextAttemptAt ?? 0) - Date.now(), 0));
      return;
    case 'queued':
    case 'running':
    case 'waiting_network':
    case 'canceled':
      return;
  }
}

/** Hashes a completed task's file; a match is stored with the task, a mismatch is the failure to report. */
async function verifyOnDisk(task: Task, checksum: Checksum, context: GetContext): Promise<Failure | undefined> {
  const filePath = pathInside(task.dir, task.fileName ?? '');
  let actual: string;
  try {
    actual = await hashFile(context.fs, filePath, checksum.algorithm);
  } catch (error) {
    return { code: 'file_error', message: `cannot read ${filePath} to verify it: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (actual !== checksum.hex) {
    return {
      code: 'checksum_mismatch',
      message: `${filePath} does not match the expected checksum: expected ${checksum.algorithm} ${checksum.hex}, got ${actual}`,
    };
  }
  context.tasks.setRequest(task.id, `${checksum.algorithm}=${checksum.hex}`, task.headers);
  return undefined;
}

function downloadOf(task: Task): RunningDownload {
  return { id: task.id, url: task.url, fileName: task.fileName ?? undefined, totalBytes: task.totalBytes ?? undefined, bytes: task.doneBytes };
}

function errorOf(task: Task): Failure {
  const code = task.reason ?? 'network_failed';
  const summary = isErrorCode(code) ? errorCodes[code].summary : code;
  return { code, message: task.message ?? summary };
}

function taskFor(request: GetRequest, tasks: TaskStore, url: string): Task {
  const earlier = tasks.findLatest(url, request.dir, request.fileName);
  const checksum = request.checksum ? `${request.checksum.algorithm}=${request.checksum.hex}` : undefined;
  // Like the headers and checksum: the choice of this command, applied to the task it picks up.
  if (earlier !== undefined && earlier.onExists !== (request.onExists ?? 'rename')) tasks.setOnExists(earlier.id, request.onExists ?? 'rename');
  // Running the command again is the user asking for it, with this command's headers and checksum:
  // failed, paused or waiting tasks go back in the queue.
  switch (earlier?.state) {
    case 'completed':
      // A finished file is not fetched twice; if the user deleted it, it is downloaded again below.
      if (earlier.fileName !== null && existsSync(pathInside(earlier.dir, earlier.fileName))) return earlier;
      break;
    case 'running':
      // Another live process runs it: its row is not this run's to change (the queue reports it).
      if (!leaseIsVacant(tasks.leaseOf(earlier.id), Date.now())) return earlier;
      return tasks.setRequest(earlier.id, checksum, request.headers);
    case 'queued':
      return tasks.setRequest(earlier.id, checksum, request.headers);
    case 'paused':
    case 'retrying':
    case 'waiting_network':
    case 'failed':
      tasks.setRequest(earlier.id, checksum, request.headers);
      return tasks.transition(earlier.id, 'queued', { attempts: 0 });
    case 'canceled':
    case undefined:
      break;
  }
  const [task] = tasks.insertMany([
    {
      url,
      dir: request.dir,
      requestedName: request.fileName,
      checksum,
      headers: request.headers,
      onExists: request.onExists,
    },
  ]);
  if (task === undefined) throw new Error('the task was not recorded');
  return task;
}
