import { parseChecksum } from '../../app/domain/checksum.js';
import { maskUrlPasswords } from '../../app/domain/secrets.js';
import { isTaskReason } from '../../app/domain/task-reason.js';
import { isTaskState } from '../../app/domain/task-state.js';
import type { WireTask } from '../../app/contract/wire-snapshot.js';
import type { TaskViewRow } from '../store/task-view-row.js';
import { checksumVerified } from './views.js';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A task's wire form made straight from its view columns: what
 * `encodeTask(toTaskView(task))` gives, without building the row object, the
 * Task and the full view first. The snapshot's path through 10,000 tasks;
 * events still carry plain views. Only fields that differ from the wire
 * form's defaults are set.
 */
export function wireTaskFromRow(row: TaskViewRow): WireTask {
  const [id, groupId, url, dir, headers, fileName, requestedName, state, reason, message, httpStatus, totalBytes, doneBytes, checksum, speedLimit, connections, priority, attempts, nextAttemptAt, createdAt, finishedAt] = row;
  if (!isTaskState(state)) throw new Error(`task ${id} has an unknown state "${state}"`);
  const wire: Writable<WireTask> = { id, url: maskUrlPasswords(url), dir, state, createdAt };
  if (groupId !== null) wire.groupId = groupId;
  // Most tasks send no headers: their column is the empty object, not worth parsing.
  if (headers !== '{}') {
    const names = Object.keys(JSON.parse(headers) as Record<string, string>);
    if (names.length > 0) wire.headerNames = names;
  }
  const name = fileName ?? requestedName;
  if (name !== null) wire.fileName = name;
  const knownReason = reason !== null && isTaskReason(reason) ? reason : null;
  if (knownReason !== null) wire.reason = knownReason;
  if (message !== null) wire.message = maskUrlPasswords(message);
  if (httpStatus !== null) wire.httpStatus = httpStatus;
  if (totalBytes !== null) wire.totalBytes = totalBytes;
  if (doneBytes !== 0) wire.doneBytes = doneBytes;
  const parsed = checksum !== null ? (parseChecksum(checksum) ?? null) : null;
  if (parsed !== null) wire.checksum = parsed;
  const verified = checksumVerified(checksum, state, knownReason).checksumVerified;
  if (verified !== undefined) wire.checksumVerified = verified;
  if (speedLimit !== null) wire.speedLimit = speedLimit;
  if (connections !== null) wire.connections = connections;
  if (priority !== 0) wire.priority = priority;
  if (attempts !== 0) wire.attempts = attempts;
  if (nextAttemptAt !== null) wire.nextAttemptAt = nextAttemptAt;
  if (finishedAt !== null) wire.finishedAt = finishedAt;
  return wire;
}
