import { parseChecksum } from '../../app/domain/checksum.js';
import type { GroupSummary } from '../../app/domain/group.js';
import { maskedHeaderValue, maskUrlPasswords } from '../../app/domain/secrets.js';
import type { Task } from '../../app/domain/task.js';
import type { TaskReason } from '../../app/domain/task-reason.js';
import type { TaskState } from '../../app/domain/task-state.js';
import type { GroupView, TaskDetails, TaskView } from '../../app/contract/views.js';
import { pathInside } from '../engine/part-path.js';
import type { TransferState } from '../engine/transfer-state.js';

/** The slim, serializable task every client sees: no header values, no URL password. */
export function toTaskView(task: Task): TaskView {
  const checksum = task.checksum !== null ? (parseChecksum(task.checksum) ?? null) : null;
  return {
    id: task.id,
    groupId: task.groupId,
    url: maskUrlPasswords(task.url),
    dir: task.dir,
    headerNames: Object.keys(task.headers),
    fileName: task.fileName ?? task.requestedName,
    state: task.state,
    reason: task.reason,
    message: task.message !== null ? maskUrlPasswords(task.message) : null,
    httpStatus: task.httpStatus,
    totalBytes: task.totalBytes,
    doneBytes: task.doneBytes,
    checksum,
    ...checksumVerified(task.checksum, task.state, task.reason),
    speedLimit: task.speedLimit,
    connections: task.connections,
    priority: task.priority,
    attempts: task.attempts,
    nextAttemptAt: task.nextAttemptAt,
    createdAt: task.createdAt,
    finishedAt: task.finishedAt,
  };
}

/** Completion checks the checksum (the engine fails a file that does not match), so a completed task with one verified it. */
export function checksumVerified(checksum: string | null, state: TaskState, reason: TaskReason | null): { checksumVerified?: boolean } {
  if (checksum === null) return {};
  if (state === 'completed') return { checksumVerified: true };
  return reason === 'checksum_mismatch' ? { checksumVerified: false } : {};
}

export function toGroupView(summary: GroupSummary): GroupView {
  const { group } = summary;
  return {
    id: group.id,
    name: group.name,
    createdAt: group.createdAt,
    settledAt: group.settledAt,
    count: summary.count,
    byState: summary.byState,
    doneBytes: summary.doneBytes,
    totalBytes: summary.totalBytes,
    state: summary.state,
  };
}

export function toTaskDetails(task: Task, transfer: TransferState): TaskDetails {
  return {
    task: toTaskView(task),
    currentUrl: maskUrlPasswords(task.currentUrl),
    requestedName: task.requestedName,
    etag: transfer.validator?.etag ?? null,
    lastModified: transfer.validator?.lastModified ?? null,
    resumable: transfer.validator !== undefined && transfer.totalBytes !== undefined,
    segments: (transfer.segments ?? []).map((segment) => ({ start: segment.start, end: segment.end, doneEnd: segment.durableEnd })),
    headers: Object.keys(task.headers).map((name) => ({ name, value: maskedHeaderValue })),
    filePath: task.fileName !== null ? pathInside(task.dir, task.fileName) : null,
  };
}
