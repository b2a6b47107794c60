/**
 * The columns a task's view is made of, read as a bare array per row
 * (better-sqlite3's raw mode). A snapshot reads every task: with 10,000 rows,
 * an object of all 29 columns per row cost most of the snapshot's time, and
 * a keyed object of these 21 still twice what the arrays cost.
 */
export const taskViewColumns = `id, group_id, url, dir, headers, file_name, requested_name, state, reason, message, http_status,
  total_bytes, durable_bytes, checksum, speed_limit, connections, priority, attempts, next_attempt_at, created_at, finished_at`;

/** One row of `taskViewColumns`, in that order. */
export type TaskViewRow = readonly [
  id: number,
  groupId: number | null,
  url: string,
  dir: string,
  /** The request headers as JSON. */
  headers: string,
  fileName: string | null,
  requestedName: string | null,
  state: string,
  reason: string | null,
  message: string | null,
  httpStatus: number | null,
  totalBytes: number | null,
  doneBytes: number,
  checksum: string | null,
  speedLimit: number | null,
  connections: number | null,
  priority: number,
  attempts: number,
  nextAttemptAt: number | null,
  createdAt: number,
  finishedAt: number | null,
];
