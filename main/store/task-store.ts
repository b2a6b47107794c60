import type Database from 'better-sqlite3';
import { isErrorCode, type ErrorCode } from '../../app/domain/error-codes.js';
import type { Task } from '../../app/domain/task.js';
import { canTransition, isSettled, isTaskState, type TaskState } from '../../app/domain/task-state.js';
import type { TransferState } from '../engine/transfer-state.js';

export interface NewTask {
  readonly url: string;
  readonly dir: string;
  readonly requestedName?: string | undefined;
  readonly checksum?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

interface TaskRow {
  id: number;
  url: string;
  current_url: string;
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
  attempts: number;
  created_at: number;
  finished_at: number | null;
}

export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(id: number, from: TaskState, to: TaskState) {
    super(`task ${id} is ${from} and cannot become ${to}`);
  }
}

/** Every query on the tasks table; statements are prepared once. */
export class TaskStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = {
      insert: db.prepare<[string, string, string, string | null, string | null, string, number]>(
        `INSERT INTO tasks (url, current_url, dir, requested_name, checksum, headers, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?) RETURNING id`,
      ),
      get: db.prepare<[number], TaskRow>('SELECT * FROM tasks WHERE id = ?'),
      all: db.prepare<[], TaskRow>('SELECT * FROM tasks ORDER BY id'),
      unfinishedFor: db.prepare<[string, string, string | null], TaskRow>(
        `SELECT * FROM tasks WHERE url = ? AND dir = ? AND requested_name IS ?
         AND state NOT IN ('completed', 'canceled') ORDER BY id DESC LIMIT 1`,
      ),
      saveTransfer: db.prepare<[string, string | null, number | null, number, string | null, string | null, number]>(
        `UPDATE tasks SET current_url = ?, file_name = ?, total_bytes = ?, durable_bytes = ?, etag = ?, last_modified = ?
         WHERE id = ?`,
      ),
      setState: db.prepare<[string, string | null, string | null, number | null, number]>(
        'UPDATE tasks SET state = ?, reason = ?, message = ?, finished_at = ? WHERE id = ?',
      ),
      addAttempt: db.prepare<[number]>('UPDATE tasks SET attempts = attempts + 1 WHERE id = ?'),
    };
  }

  insert(task: NewTask): Task {
    const row = this.statements.insert.get(
      task.url,
      task.url,
      task.dir,
      task.requestedName ?? null,
      task.checksum ?? null,
      JSON.stringify(task.headers ?? {}),
      this.now(),
    ) as { id: number };
    return this.require(row.id);
  }

  get(id: number): Task | undefined {
    const row = this.statements.get.get(id);
    return row === undefined ? undefined : toTask(row);
  }

  require(id: number): Task {
    const task = this.get(id);
    if (task === undefined) throw new Error(`task ${id} does not exist`);
    return task;
  }

  list(): Task[] {
    return this.statements.all.all().map(toTask);
  }

  /** The unfinished task for the same request, so running a command again resumes it. */
  findUnfinished(url: string, dir: string, requestedName: string | undefined): Task | undefined {
    const row = this.statements.unfinishedFor.get(url, dir, requestedName ?? null);
    return row === undefined ? undefined : toTask(row);
  }

  /** What the engine needs to resume this task. */
  transferState(id: number): TransferState {
    const row = this.statements.get.get(id);
    if (row === undefined) throw new Error(`task ${id} does not exist`);
    const validator =
      row.etag !== null ? { etag: row.etag } : row.last_modified !== null ? { lastModified: row.last_modified } : undefined;
    return {
      url: row.current_url,
      fileName: row.file_name ?? undefined,
      totalBytes: row.total_bytes ?? undefined,
      validator,
      durableBytes: row.durable_bytes,
    };
  }

  saveTransferState(id: number, state: Readonly<TransferState>): void {
    this.statements.saveTransfer.run(
      state.url,
      state.fileName ?? null,
      state.totalBytes ?? null,
      state.durableBytes,
      state.validator?.etag ?? null,
      state.validator?.lastModified ?? null,
      id,
    );
  }

  /** Moves a task to `to` if the state table allows it; the only way a state changes. */
  transition(id: number, to: TaskState, reason?: ErrorCode, message?: string): Task {
    const from = this.require(id).state;
    if (!canTransition(from, to)) throw new InvalidTransitionError(id, from, to);
    this.statements.setState.run(to, reason ?? null, message ?? null, isSettled(to) ? this.now() : null, id);
    return this.require(id);
  }

  addAttempt(id: number): void {
    this.statements.addAttempt.run(id);
  }
}

function toTask(row: TaskRow): Task {
  if (!isTaskState(row.state)) throw new Error(`task ${row.id} has an unknown state "${row.state}"`);
  return {
    id: row.id,
    url: row.url,
    currentUrl: row.current_url,
    dir: row.dir,
    requestedName: row.requested_name,
    fileName: row.file_name,
    state: row.state,
    reason: row.reason !== null && isErrorCode(row.reason) ? row.reason : null,
    message: row.message,
    totalBytes: row.total_bytes,
    doneBytes: row.durable_bytes,
    checksum: row.checksum,
    headers: JSON.parse(row.headers) as Record<string, string>,
    attempts: row.attempts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
