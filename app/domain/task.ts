import type { ErrorCode } from './error-codes.js';
import type { TaskState } from './task-state.js';

/** A download as the user sees it: the queue's row, minus engine internals. */
export interface Task {
  readonly id: number;
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
  readonly reason: ErrorCode | null;
  readonly message: string | null;
  readonly totalBytes: number | null;
  /** Bytes durable on disk. */
  readonly doneBytes: number;
  /** "sha256=<hex>" when the user gave one. */
  readonly checksum: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly attempts: number;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}
