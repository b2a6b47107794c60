import type { ChecksumAlgorithm } from '../domain/checksum.js';
import type { GroupState } from '../domain/group.js';
import type { Settings } from '../domain/settings.js';
import type { TaskReason } from '../domain/task-reason.js';
import type { TaskState } from '../domain/task-state.js';

/**
 * A download as every client sees it: slim and serializable. No header
 * values, no URL passwords, no engine internals; the reason is a code from a
 * closed set, turned into words by the client.
 */
export interface TaskView {
  readonly id: number;
  readonly groupId: number | null;
  /** The address the user gave, password masked. */
  readonly url: string;
  readonly dir: string;
  /** Names of the request headers it sends; their values never leave main. */
  readonly headerNames: readonly string[];
  /** The name in the folder once claimed, else the name asked for, else null. */
  readonly fileName: string | null;
  readonly state: TaskState;
  readonly reason: TaskReason | null;
  /** The engine's own words for the last problem (for details and tooltips; the reason code is what to translate). */
  readonly message: string | null;
  /** The server's HTTP status behind `reason` ("server busy (503)"), when an answer of the server caused it; cleared once the task runs again. */
  readonly httpStatus: number | null;
  readonly totalBytes: number | null;
  /** Bytes durable on disk; live progress travels in `tasks.progress`. */
  readonly doneBytes: number;
  readonly checksum: { readonly algorithm: ChecksumAlgorithm; readonly hex: string } | null;
  /** Whether the file matched `checksum`: true once completed (completion checks it), false when it did not; absent while there is none or it is not checked yet. */
  readonly checksumVerified?: boolean;
  readonly speedLimit: number | null;
  readonly connections: number | null;
  readonly priority: number;
  readonly attempts: number;
  readonly nextAttemptAt: number | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** The live numbers of one running download, sent in batches a few times a second. */
export interface TaskProgress {
  readonly id: number;
  /** Bytes in the partial file (written, may be ahead of `doneBytes`). */
  readonly bytes: number;
  readonly totalBytes: number | null;
  /** Bytes per second over the last few seconds. */
  readonly speed: number;
  /** Seconds left at the current speed; null when the size or the speed is unknown. */
  readonly etaSeconds: number | null;
  readonly connections: number;
  /** A download over several connections: its byte ranges and how far each is on disk (as of the last checkpoint, a few times a second). */
  readonly ranges?: readonly SegmentView[];
}

/** One byte range of a segmented download, and how much of it is on disk. */
export interface SegmentView {
  readonly start: number;
  readonly end: number;
  readonly doneEnd: number;
}

/** Everything about one task, for the details panel. */
export interface TaskDetails {
  readonly task: TaskView;
  /** Where the engine asks now, after permanent redirects (password masked). */
  readonly currentUrl: string;
  readonly requestedName: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  /** True when a stopped download can continue from its bytes on disk. */
  readonly resumable: boolean;
  readonly segments: readonly SegmentView[];
  /** Request header names with their values masked. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** The file's path once the name is known (the partial file is this plus `.part`). */
  readonly filePath: string | null;
}

export interface GroupView {
  readonly id: number;
  readonly name: string;
  readonly createdAt: number;
  readonly settledAt: number | null;
  readonly count: number;
  readonly byState: Readonly<Partial<Record<TaskState, number>>>;
  readonly doneBytes: number;
  readonly totalBytes: number | null;
  readonly state: GroupState;
}

export interface Stats {
  /** Total bytes per second across running downloads. */
  readonly speed: number;
  readonly byState: Readonly<Record<TaskState, number>>;
  readonly total: number;
  /** Free bytes on the disk of the default download folder; absent when it cannot be told (the folder is missing). */
  readonly freeBytes?: number;
  /** The folder freeBytes is about (the download folder), so the window can name it; present with freeBytes. */
  readonly freeIn?: string;
}

/** The whole picture at one point of the event sequence. */
export interface Snapshot {
  /** The sequence number of the last event this snapshot reflects. */
  readonly seq: number;
  readonly tasks: readonly TaskView[];
  readonly groups: readonly GroupView[];
  readonly settings: Settings;
  readonly stats: Stats;
  /** Live numbers of the downloads running now. */
  readonly progress: readonly TaskProgress[];
  /** The folder downloads go to while the settings name none (`serve --dir`, the desktop's Downloads folder). */
  readonly defaultDir: string;
}
