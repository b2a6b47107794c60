import type { Task } from '../../app/domain/task.js';
import { defaultOnExists, isOnExists } from '../../app/domain/on-exists.js';
import { isTaskReason } from '../../app/domain/task-reason.js';
import { isTaskState } from '../../app/domain/task-state.js';
import type { TransferState } from '../engine/transfer-state.js';

/** A row of the tasks table, as SQLite returns it. */
export interface TaskRow {
  id: number;
  group_id: number | null;
  url: string;
  current_url: string;
  host: string;
  dir: string;
  requested_name: string | null;
  file_name: string | null;
  state: string;
  reason: string | null;
  message: string | null;
  total_bytes: number | null;
  durable_bytes: number;
  etag: string | null;
  last_modified: string | null;
  checksum: string | null;
  headers: string;
  priority: number;
  position: number;
  attempts: number;
  next_attempt_at: number | null;
  connections: number | null;
  speed_limit: number | null;
  created_at: number;
  finished_at: number | null;
  owner: string | null;
  lease_until: number | null;
  on_exists: string;
  http_status: number | null;
}

/**
 * Every column of a task row, in the order of `TaskRowValues`. Rows are read
 * as arrays (better-sqlite3's raw mode) and made into objects here: an object
 * built column by column through V8's API cost about 50,000 instructions a
 * row (inside `peregrine get` of 500 small files, three rows per file).
 */
export const taskRowColumns =
  'id, group_id, url, current_url, host, dir, requested_name, file_name, state, reason, message, total_bytes, durable_bytes, etag, last_modified, checksum, headers, priority, position, attempts, next_attempt_at, connections, speed_limit, created_at, finished_at, owner, lease_until, on_exists, http_status';

/** One row of `taskRowColumns`, in that order. */
export type TaskRowValues = readonly [
  id: number,
  group_id: number | null,
  url: string,
  current_url: string,
  host: string,
  dir: string,
  requested_name: string | null,
  file_name: string | null,
  state: string,
  reason: string | null,
  message: string | null,
  total_bytes: number | null,
  durable_bytes: number,
  etag: string | null,
  last_modified: string | null,
  checksum: string | null,
  headers: string,
  priority: number,
  position: number,
  attempts: number,
  next_attempt_at: number | null,
  connections: number | null,
  speed_limit: number | null,
  created_at: number,
  finished_at: number | null,
  owner: string | null,
  lease_until: number | null,
  on_exists: string,
  http_status: number | null,
];

export function rowFromValues(values: TaskRowValues): TaskRow {
  return {
    id: values[0],
    group_id: values[1],
    url: values[2],
    current_url: values[3],
    host: values[4],
    dir: values[5],
    requested_name: values[6],
    file_name: values[7],
    state: values[8],
    reason: values[9],
    message: values[10],
    total_bytes: values[11],
    durable_bytes: values[12],
    etag: values[13],
    last_modified: values[14],
    checksum: values[15],
    headers: values[16],
    priority: values[17],
    position: values[18],
    attempts: values[19],
    next_attempt_at: values[20],
    connections: values[21],
    speed_limit: values[22],
    created_at: values[23],
    finished_at: values[24],
    owner: values[25],
    lease_until: values[26],
    on_exists: values[27],
    http_status: values[28],
  };
}

export function taskFromRow(row: TaskRow): Task {
  if (!isTaskState(row.state)) throw new Error(`task ${row.id} has an unknown state "${row.state}"`);
  return {
    id: row.id,
    groupId: row.group_id,
    url: row.url,
    currentUrl: row.current_url,
    dir: row.dir,
    requestedName: row.requested_name,
    fileName: row.file_name,
    state: row.state,
    reason: row.reason !== null && isTaskReason(row.reason) ? row.reason : null,
    message: row.message,
    httpStatus: row.http_status,
    totalBytes: row.total_bytes,
    doneBytes: row.durable_bytes,
    checksum: row.checksum,
    headers: JSON.parse(row.headers) as Record<string, string>,
    speedLimit: row.speed_limit,
    connections: row.connections,
    priority: row.priority,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    onExists: isOnExists(row.on_exists) ? row.on_exists : defaultOnExists,
  };
}

export function transferStateFromRow(row: TaskRow): TransferState {
  // Both are kept: every range answer must match each one the file was first sent with.
  const validator =
    row.etag === null && row.last_modified === null
      ? undefined
      : { ...(row.etag !== null ? { etag: row.etag } : {}), ...(row.last_modified !== null ? { lastModified: row.last_modified } : {}) };
  return {
    url: row.current_url,
    fileName: row.file_name ?? undefined,
    totalBytes: row.total_bytes ?? undefined,
    validator,
    durableBytes: row.durable_bytes,
  };
}
