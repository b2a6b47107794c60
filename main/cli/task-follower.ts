import path from 'node:path';
import type { EventMessage } from '../../app/contract/messages.js';
import type { TaskProgress, TaskView } from '../../app/contract/views.js';
import { errorCodes, isErrorCode } from '../../app/domain/error-codes.js';
import type { DownloadReporter, Failure, RunningDownload } from './download-reporter.js';
import { exitCodes } from './exit-codes.js';

interface Followed {
  readonly download: RunningDownload;
  /** Bytes on disk when its current attempt began. */
  startBytes: number;
  /** Its current attempt was reported as started (bytes are arriving). */
  started: boolean;
}

/**
 * What a foreground command prints, built from the contract's events alone
 * (tasks.added / changed / progress, notices), whether the service runs in
 * this process or in the database's owner: a line per change of state,
 * progress a few times a second, and the exit code once every task settled.
 */
export class TaskFollower {
  private readonly ids = new Set<number>();
  private readonly views = new Map<number, TaskView>();
  private readonly followed = new Map<number, Followed>();
  /** Tasks whose outcome is reported: nothing more is said about them. */
  private readonly finished = new Set<number>();
  /** How many of `ids` are in `finished`: the run settles when it reaches their number, checked at every finish without a walk. */
  private finishedOfIds = 0;
  private readonly failedIds = new Set<number>();
  private readonly warned = new Set<string>();
  /** Views seen before the ids were known (events can overtake the reply that names them). */
  private early: Map<number, TaskView> | undefined = new Map();
  private storeFailure = false;
  private settle: () => void = () => undefined;
  /** Resolves once every followed task has settled. */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));
  /** Set while this command stops its own downloads (Ctrl-C): their pauses are not news. */
  stopping = false;

  constructor(
    private readonly reporter: DownloadReporter,
    private readonly now: () => number = Date.now,
  ) {}

  /** The database refused a write: the run should stop, and fails. */
  get storeFailed(): boolean {
    return this.storeFailure;
  }

  onEvent(message: EventMessage): void {
    switch (message.event) {
      case 'tasks.added':
      case 'tasks.changed':
        for (const view of message.payload.tasks) this.see(view);
        break;
      case 'tasks.progress':
        this.progress(message.payload.progress);
        break;
      case 'notice': {
        const { code, message: text, taskId } = message.payload;
        if (code === 'store_failed') this.storeFailure = true;
        if (taskId !== undefined && (!this.ids.has(taskId) || this.finished.has(taskId))) break;
        const download = taskId !== undefined ? this.downloadOf(taskId) : { id: 0, url: 'queue', fileName: undefined, totalBytes: undefined, bytes: 0 };
        switch (code) {
          case 'plain_http':
            // Said once per download, however many attempts or connections meet it.
            if (this.warned.has(`${download.id}\n${text}`)) break;
            this.warned.add(`${download.id}\n${text}`);
            this.reporter.warned(download, text);
            break;
          case 'no_space':
            break; // the task's own state says it
          case 'store_failed':
            this.reporter.failed(download, { code: 'file_error', message: text });
            if (taskId !== undefined) this.finish(taskId, true);
            break;
          case 'running_elsewhere':
          case 'internal':
            this.reporter.failed(download, { code, message: text });
            if (taskId !== undefined) this.finish(taskId, true);
            break;
        }
        break;
      }
      case 'tasks.removed':
        for (const { id } of message.payload.removed) {
          if (!this.ids.has(id) || this.finished.has(id)) continue;
          this.reporter.stopped(this.downloadOf(id), 'removed');
          this.finish(id, true);
        }
        break;
      case 'stats.changed':
      case 'groups.changed':
      case 'groups.removed':
      case 'groups.settled':
      case 'settings.changed':
        break;
    }
  }

  /**
   * Follows these tasks from now on. `failures` are tasks the request found
   * settled but failing (a finished file that does not match the checksum);
   * `describe` fetches the view of a task no event has shown yet.
   */
  async follow(ids: readonly number[], failures: ReadonlyMap<number, Failure>, describe: (id: number) => Promise<TaskView>): Promise<void> {
    for (const id of ids) {
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      if (this.finished.has(id)) this.finishedOfIds += 1;
    }
    const early = this.early ?? new Map<number, TaskView>();
    this.early = undefined;
    for (const [id, failure] of failures) {
      const view = early.get(id) ?? (await describe(id));
      this.views.set(id, view);
      this.reporter.failed(this.downloadOf(id), failure);
      this.finish(id, true);
    }
    for (const id of ids) {
      if (this.finished.has(id)) continue;
      const seen = early.get(id);
      if (seen !== undefined) this.see(seen);
      // A task the request did not change (a finished one, one already running) sends no event.
      else if (!this.views.has(id)) {
        const view = await describe(id);
        if (!this.views.has(id)) this.see(view);
      }
    }
    this.checkSettled();
  }

  /** 0 when every task completed (and verified), 1 otherwise. */
  exitCode(): number {
    if (this.storeFailure || this.failedIds.size > 0) return exitCodes.failed;
    return [...this.ids].every((id) => this.views.get(id)?.state === 'completed') ? exitCodes.ok : exitCodes.failed;
  }

  private see(view: TaskView): void {
    if (this.early !== undefined) {
      this.early.set(view.id, view);
      return;
    }
    if (!this.ids.has(view.id)) return;
    const previous = this.views.get(view.id);
    this.views.set(view.id, view);
    if (this.finished.has(view.id)) return;
    const followed = this.followedOf(view.id);
    followed.download.fileName = view.fileName ?? undefined;
    followed.download.totalBytes = view.totalBytes ?? followed.download.totalBytes;
    if (previous?.state === view.state) return;
    const { download } = followed;
    switch (view.state) {
      case 'running':
        followed.startBytes = view.doneBytes;
        followed.started = false;
        download.bytes = view.doneBytes;
        return;
      case 'completed':
        // Too quick for a progress batch: it still started before it completed.
        if (previous?.state === 'running' && !followed.started) this.start(followed);
        this.reporter.completed(download, {
          filePath: path.join(view.dir, view.fileName ?? ''),
          bytes: view.doneBytes,
          reason: view.reason === 'already_exists' ? view.reason : undefined,
        });
        this.finish(view.id, false);
        return;
      case 'failed':
        this.reporter.failed(download, failureOf(view));
        this.finish(view.id, true);
        return;
      case 'paused':
        // Paused for lack of space is worth saying; paused by this command's Ctrl-C is not.
        if (view.reason === 'no_space') this.reporter.failed(download, failureOf(view));
        else if (!this.stopping) this.reporter.stopped(download, 'paused');
        this.finish(view.id, false);
        return;
      case 'canceled':
        if (!this.stopping) this.reporter.stopped(download, 'canceled');
        this.finish(view.id, false);
        return;
      case 'retrying':
        this.reporter.retrying(download, failureOf(view), Math.max((view.nextAttemptAt ?? 0) - this.now(), 0));
        return;
      case 'queued':
      case 'waiting_network':
        return;
    }
  }

  private progress(rows: readonly TaskProgress[]): void {
    for (const row of rows) {
      const followed = this.followed.get(row.id);
      if (followed === undefined || this.finished.has(row.id) || this.views.get(row.id)?.state !== 'running') continue;
      followed.download.bytes = row.bytes;
      followed.download.totalBytes = row.totalBytes ?? followed.download.totalBytes;
      // A connection is open once the answer came: bytes are arriving.
      if (!followed.started && row.connections > 0) this.start(followed);
    }
    const running = [...this.followed.entries()].filter(([id, followed]) => followed.started && !this.finished.has(id)).map(([, followed]) => followed.download);
    if (running.length > 0) this.reporter.tick(running, this.now());
  }

  private start(followed: Followed): void {
    followed.started = true;
    this.reporter.started(followed.download, followed.startBytes);
  }

  private finish(id: number, failed: boolean): void {
    if (!this.finished.has(id) && this.ids.has(id)) this.finishedOfIds += 1;
    this.finished.add(id);
    if (failed) this.failedIds.add(id);
    this.checkSettled();
  }

  private checkSettled(): void {
    if (this.early === undefined && this.finishedOfIds === this.ids.size) this.settle();
  }

  private followedOf(id: number): Followed {
    let followed = this.followed.get(id);
    if (followed === undefined) {
      const view = this.views.get(id);
      followed = {
        download: { id, url: view?.url ?? '', fileName: view?.fileName ?? undefined, totalBytes: view?.totalBytes ?? undefined, bytes: view?.doneBytes ?? 0 },
        startBytes: view?.doneBytes ?? 0,
        started: false,
      };
      this.followed.set(id, followed);
    }
    return followed;
  }

  private downloadOf(id: number): RunningDownload {
    return this.followedOf(id).download;
  }
}

function failureOf(view: TaskView): Failure {
  const code = view.reason ?? 'network_failed';
  return { code, message: view.message ?? (isErrorCode(code) ? errorCodes[code].summary : code) };
}
