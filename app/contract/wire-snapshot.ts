import type { Snapshot, TaskView } from './views.js';

/**
 * The snapshot as it travels: each task without the fields that hold their
 * default (null, 0, no header names), which most of 10,000 tasks do — about
 * half the bytes. Every client turns it back with `decodeSnapshot`, so what
 * the rest of a client sees is plain `TaskView`s.
 */
export interface WireSnapshot extends Omit<Snapshot, 'tasks'> {
  readonly tasks: readonly WireTask[];
}

/** The fields a task may leave out, and what each means when absent: a fresh queued download's. */
export const taskDefaults = {
  groupId: null,
  headerNames: [] as readonly string[],
  fileName: null,
  reason: null,
  message: null,
  httpStatus: null,
  totalBytes: null,
  doneBytes: 0,
  checksum: null,
  speedLimit: null,
  connections: null,
  priority: 0,
  attempts: 0,
  nextAttemptAt: null,
  finishedAt: null,
} as const satisfies Partial<TaskView>;

type Defaulted = keyof typeof taskDefaults;

/** A task with its default fields left out. */
export type WireTask = Omit<TaskView, Defaulted> & Partial<Pick<TaskView, Defaulted>>;

export function encodeTask(task: TaskView): WireTask {
  const wire: Partial<Record<keyof TaskView, unknown>> = {};
  for (const [key, value] of Object.entries(task) as [keyof TaskView, unknown][]) {
    if (!isDefault(key, value)) wire[key] = value;
  }
  return wire as WireTask;
}

/** Field by field rather than spread over the defaults: every task gets one shape, about four times faster over 10,000 tasks. */
export function decodeTask(wire: WireTask): TaskView {
  const task: { -readonly [K in keyof TaskView]: TaskView[K] } = {
    id: wire.id,
    groupId: wire.groupId ?? taskDefaults.groupId,
    url: wire.url,
    dir: wire.dir,
    headerNames: wire.headerNames ?? taskDefaults.headerNames,
    fileName: wire.fileName ?? taskDefaults.fileName,
    state: wire.state,
    reason: wire.reason ?? taskDefaults.reason,
    message: wire.message ?? taskDefaults.message,
    httpStatus: wire.httpStatus ?? taskDefaults.httpStatus,
    totalBytes: wire.totalBytes ?? taskDefaults.totalBytes,
    doneBytes: wire.doneBytes ?? taskDefaults.doneBytes,
    checksum: wire.checksum ?? taskDefaults.checksum,
    speedLimit: wire.speedLimit ?? taskDefaults.speedLimit,
    connections: wire.connections ?? taskDefaults.connections,
    priority: wire.priority ?? taskDefaults.priority,
    attempts: wire.attempts ?? taskDefaults.attempts,
    nextAttemptAt: wire.nextAttemptAt ?? taskDefaults.nextAttemptAt,
    createdAt: wire.createdAt,
    finishedAt: wire.finishedAt ?? taskDefaults.finishedAt,
  };
  // Absent until the file is checked: it stays absent.
  if (wire.checksumVerified !== undefined) task.checksumVerified = wire.checksumVerified;
  return task;
}

export function decodeSnapshot(wire: WireSnapshot): Snapshot {
  return { ...wire, tasks: wire.tasks.map(decodeTask) };
}

function isDefault(key: keyof TaskView, value: unknown): boolean {
  if (!Object.hasOwn(taskDefaults, key)) return false;
  if (Array.isArray(value)) return value.length === 0;
  return value === taskDefaults[key as Defaulted];
}
