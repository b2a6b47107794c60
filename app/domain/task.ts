import type { OnExists } from './on-exists.js';
import type { TaskReason } from './task-reason.js';
import type { TaskState } from './task-state.js';

/** A download as the user sees it: the queue's row, minus engine internals. */
export interface Task {
  readonly id: number;
  readonly groupId: number | null;
  /** The address as the user gave it. */
  readonly url: string;
  /** Where the engine asks now (after permanent redirects). */
  readonly currentUrl: string;
  /** The destination folder. */
  readonly dir: string;
  /** The name the user asked for, if any. */
  readonly requestedName: string | null;
  /** The name in the folder once claimed (the partial file is `<fileName>.part`). */
  readonly fileName: string | null;
  readonly state: TaskState;
  readonly reason: TaskReason | null;
  readonly message: string | null;
  /** The server's HTTP status behind `reason`, when an answer of the server caused it. */
  readonly httpStatus: number | null;
  readonly totalBytes: number | null;
  /** Bytes durable on disk. */
  readonly doneBytes: number;
  /** "sha256=<hex>" when the user gave one. */
  readonly checksum: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** This download's own speed limit in bytes per second; null means only the global one applies. */
  readonly speedLimit: number | null;
  /** Connections this download may use; null means the global setting. */
  readonly connections: number | null;
  /** Higher runs first. */
  readonly priority: number;
  /** Automatic retries since the last user action. */
  readonly attempts: number;
  /** When a retrying task will be queued again (ms since the epoch). */
  readonly nextAttemptAt: number | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  /** What happens when a file already has this name in the folder. */
  readonly onExists: OnExists;
}
