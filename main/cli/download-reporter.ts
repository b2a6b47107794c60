import type { TaskReason } from '../../app/domain/task-reason.js';

/** One download as the CLI tracks it while it runs. */
export interface RunningDownload {
  readonly id: number;
  readonly url: string;
  fileName: string | undefined;
  totalBytes: number | undefined;
  bytes: number;
}

/** Why a download failed or is being retried, as the queue recorded it. */
export interface Failure {
  readonly code: TaskReason | 'internal';
  readonly message: string;
}

/** A finished download: where its file is, and whether it was already there (on-exists skip, or --continue of a whole file). */
export interface Completion {
  readonly filePath: string;
  readonly bytes: number;
  readonly reason?: 'already_exists' | undefined;
}

/** What the user sees of a `get` run: a live terminal view, JSON lines, or nothing. */
export interface DownloadReporter {
  started(download: RunningDownload, startBytes: number): void;
  /** Called a few times a second with every download still running. */
  tick(running: readonly RunningDownload[], now: number): void;
  retrying(download: RunningDownload, failure: Failure, delayMs: number): void;
  completed(download: RunningDownload, result: Completion): void;
  failed(download: RunningDownload, failure: Failure): void;
  /** Paused, canceled or removed by someone else (another command, the app) while this one followed it. */
  stopped(download: RunningDownload, how: 'paused' | 'canceled' | 'removed'): void;
  /** Worth saying, but the download goes on. */
  warned(download: RunningDownload, message: string): void;
  stop(): void;
}
