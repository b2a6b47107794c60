import type Database from 'better-sqlite3';
import { defaultOnExists, type OnExists } from '../../app/domain/on-exists.js';
import type { Task } from '../../app/domain/task.js';
import type { TaskReason } from '../../app/domain/task-reason.js';
import type { FailureDetail } from '../../app/domain/next-after-failure.js';
import { canTransition, isSettled, isTaskState, type TaskState } from '../../app/domain/task-state.js';
import type { TransferState } from '../engine/transfer-state.js';
import { rowFromValues, taskFromRow, taskRowColumns, transferStateFromRow, type TaskRow, type TaskRowValues } from './task-row.js';
import { taskViewColumns, type TaskViewRow } from './task-view-row.js';

export interface NewTask {
  readonly url: string;
  readonly dir: string;
  readonly requestedName?: string | undefined;
  readonly checksum?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly priority?: number | undefined;
  /** What to do when a file already has the name; rename when absent. */
  readonly onExists?: OnExists | undefined;
  /** Its own connection count and speed limit (bytes per second); the global settings when absent. */
  readonly connections?: number | undefined;
  readonly speedLimit?: number | undefined;
}

/** How a task starts its life: queued, or paused by the user who added it (as if paused at once). */
export type InitialState = 'queued' | 'paused';

/** A queued task as the scheduler weighs it: which one, and where it goes (its host's caps). */
export interface QueuedCandidate {
  readonly id: number;
  readonly currentUrl: string;
}

/** What a transition may set besides the state itself: a failure's detail, or for `running` a claim. */
export interface TransitionDetail extends FailureDetail {
  /** For `running`: the process that runs it, and until when its claim holds unless renewed. */
  readonly lease?: Lease | undefined;
}

export interface Lease {
  readonly owner: string;
  readonly until: number;
}

export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    id: number,
    /** The state the task was in. */
    readonly from: TaskState,
    to: TaskState,
  ) {
    super(`task ${id} is ${from} and cannot become ${to}`);
  }
}

export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError';
  constructor(id: number) {
    super(`there is no task ${id}`);
  }
}

/** Every query on the tasks table; statements are prepared once. */
export class TaskStore {
  private readonly statements;
  /** Made once: better-sqlite3 builds a wrapper per db.transaction() call, which showed in profiles of many small tasks. */
  private readonly inTransaction: <T>(work: () => T) => T;

  constructor(
    readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    // IMMEDIATE: the write lock is taken (waiting out the busy timeout) before the first read. A
    // deferred transaction that read first cannot upgrade while another process writes: SQLite
    // answers "database is locked" at once, without waiting.
    const transaction = db.transaction((work: () => unknown) => work());
    this.inTransaction = <T>(work: () => T): T => transaction.immediate(work) as T;
    this.statements = {
      // One statement for a run of tasks that differ only in their URL, the URLs passed as one JSON array:
      // ten thousand rows bound and stepped one by one cost twice as much (and each column taken out of
      // the JSON per row costs about a tenth of that again, hence the rest as parameters).
      insertRun: db.prepare<InsertRunParameters, [number, number]>(
        `INSERT INTO tasks (url, current_url, host, group_id, dir, requested_name, checksum, headers, priority, on_exists,
           connections, speed_limit, state, reason, created_at, position)
         SELECT value ->> 0, value ->> 0, value ->> 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? + key
         FROM json_each(?) ORDER BY key
         RETURNING id, position`,
      ).raw(true),
      withIds: taskRows(db.prepare<[string], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)),
      lastPosition: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM tasks'),
      get: taskRows(db.prepare<[number], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE id = ?`)),
      stateOf: db.prepare<[number], { state: string; attempts: number; owner: string | null }>('SELECT state, attempts, owner FROM tasks WHERE id = ?'),
      all: taskRows(db.prepare<[], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks ORDER BY id`)),
      viewRows: db.prepare<[], TaskViewRow>(`SELECT ${taskViewColumns} FROM tasks ORDER BY id`).raw(true),
      inGroup: taskRows(db.prepare<[number], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE group_id = ? ORDER BY id`)),
      inState: taskRows(db.prepare<[string], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE state = ? ORDER BY id`)),
      // The state spelled out: only then can SQLite walk the partial index of running tasks.
      running: taskRows(db.prepare<[], TaskRowValues>(`SELECT ${taskRowColumns} FROM tasks WHERE state = 'running' ORDER BY id`)),
      nextQueued: db.prepare<[number], QueuedCandidate>(
        `SELECT id, current_url AS currentUrl FROM tasks WHERE state = 'queued' ORDER BY priority DESC, position, id LIMIT ?`,
      ),
      candidate: db.prepare<[number], QueuedCandidate & { state: string }>('SELECT id, current_url AS currentUrl, state FROM tasks WHERE id = ?'),
      dueRetries: taskRows(db.prepare<[number], TaskRowValues>(
        `SELECT ${taskRowColumns} FROM tasks WHERE state = 'retrying' AND next_attempt_at <= ? ORDER BY next_attempt_at`,
      )),
      nextRetryAt: db.prepare<[], { at: number | null }>(`SELECT MIN(next_attempt_at) AS at FROM tasks WHERE state = 'retrying'`),
      latestFor: taskRows(db.prepare<[string, string, string | null], TaskRowValues>(
        `SELECT ${taskRowColumns} FROM tasks WHERE url = ? AND dir = ? AND requested_name IS ?
         AND state != 'canceled' ORDER BY id DESC LIMIT 1`,
      )),
      withUrls: taskRows(db.prepare<[string], TaskRowValues>(
        `SELECT ${taskRowColumns} FROM tasks WHERE url IN (SELECT value FROM json_each(?)) AND state != 'canceled' ORDER BY id`,
      )),
      // Never on a canceled task: its partial file is deleted, a late checkpoint must not bring its bytes back.
      saveTransfer: db.prepare<TransferParameters>(
        `UPDATE tasks SET current_url = ?, file_name = ?, total_bytes = ?, durable_bytes = ?, etag = ?, last_modified = ?
         WHERE id = ? AND owner IS ? AND state != 'canceled'`,
      ),
      saveTransferReturning: taskRows(db.prepare<TransferParameters, TaskRowValues>(
        `UPDATE tasks SET current_url = ?, file_name = ?, total_bytes = ?, durable_bytes = ?, etag = ?, last_modified = ?
         WHERE id = ? AND owner IS ? AND state != 'canceled' RETURNING ${taskRowColumns}`,
      )),
      setState: taskRows(db.prepare<[string, string | null, string | null, number | null, number | null, number, number | null, string | null, number | null, number], TaskRowValues>(
        `UPDATE tasks SET state = ?, reason = ?, message = ?, http_status = ?, next_attempt_at = ?, attempts = ?, finished_at = ?, owner = ?, lease_until = ?
         WHERE id = ? RETURNING ${taskRowColumns}`,
      )),
      // The same change, only if the task is still in `from` (and, with an owner, still that owner's): checked and made in one statement.
      setStateFrom: taskRows(db.prepare<[string, string | null, string | null, number | null, number | null, number | null, number | null, string | null, number | null, number, string], TaskRowValues>(
        `UPDATE tasks SET state = ?, reason = ?, message = ?, http_status = ?, next_attempt_at = ?, attempts = COALESCE(?, attempts), finished_at = ?, owner = ?, lease_until = ?
         WHERE id = ? AND state = ? RETURNING ${taskRowColumns}`,
      )),
      setStateFromOwned: taskRows(db.prepare<[string, string | null, string | null, number | null, number | null, number | null, number | null, string | null, number | null, number, string, string], TaskRowValues>(
        `UPDATE tasks SET state = ?, reason = ?, message = ?, http_status = ?, next_attempt_at = ?, attempts = COALESCE(?, attempts), finished_at = ?, owner = ?, lease_until = ?
         WHERE id = ? AND state = ? AND owner = ? RETURNING ${taskRowColumns}`,
      )),
      releaseLeases: db.prepare<[string]>("UPDATE tasks SET owner = NULL, lease_until = NULL WHERE state = 'running' AND owner = ?"),
      renewLeases: db.prepare<[number, string], { id: number }>(`UPDATE tasks SET lease_until = ? WHERE owner = ? AND state = 'running' RETURNING id`),
      segmentsOf: db.prepare<[number], { start: number; end: number; durable_end: number }>(
        'SELECT start, end, durable_end FROM segments WHERE task_id = ? ORDER BY start',
      ),
      clearSegments: db.prepare<[number]>('DELETE FROM segments WHERE task_id = ?'),
      forgetBytes: taskRows(db.prepare<[number], TaskRowValues>(`UPDATE tasks SET durable_bytes = 0 WHERE id = ? RETURNING ${taskRowColumns}`)),
      insertSegment: db.prepare<[number, number, number, number]>('INSERT INTO segments (task_id, start, end, durable_end) VALUES (?, ?, ?, ?)'),
      reorder: db.prepare<[number, number, number]>('UPDATE tasks SET priority = ?, position = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM tasks WHERE id = ?'),
      setSpeedLimit: db.prepare<[number | null, number]>('UPDATE tasks SET speed_limit = ? WHERE id = ?'),
      setRequest: db.prepare<[string | null, string, string, number]>('UPDATE tasks SET checksum = ?, headers = ?, current_url = ? WHERE id = ?'),
      setConnections: db.prepare<[number | null, number]>('UPDATE tasks SET connections = ? WHERE id = ?'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      countByState: db.prepare<[], { state: string; count: number }>('SELECT state, COUNT(*) AS count FROM tasks GROUP BY state'),
      placeOf: db.prepare<[number], { priority: number; position: number }>('SELECT priority, position FROM tasks WHERE id = ?'),
      placeBefore: db.prepare<[number, number], { position: number }>(
        'SELECT MAX(position) AS position FROM tasks WHERE priority = ? AND position < ?',
      ),
      setUrl: db.prepare<[string, string, string, number]>('UPDATE tasks SET url = ?, current_url = ?, host = ? WHERE id = ?'),
      setOnExists: db.prepare<[string, number]>('UPDATE tasks SET on_exists = ? WHERE id = ?'),
    };
  }

  /** Runs `work` in one transaction: all of it is recorded, or none. */
  atomically<T>(work: () => T): T {
    return this.inTransaction(work);
  }

  /**
   * Adds tasks in one transaction and one statement: ten thousand URLs cost
   * one commit, not ten thousand. The tasks are returned as recorded, built
   * from what was written rather than read back (reading 10,000 whole rows
   * cost as much as writing them).
   */
  insertMany(tasks: readonly NewTask[], groupId: number | null = null, state: InitialState = 'queued'): Task[] {
    if (tasks.length === 0) return [];
    const reason: TaskReason | null = state === 'paused' ? 'by_user' : null;
    return this.inTransaction(() => {
      const after = this.statements.lastPosition.get()?.position ?? 0;
      const now = this.now();
      const ids = new Array<number>(tasks.length);
      for (const { start, end, shared } of runsOf(tasks)) {
        const urls = JSON.stringify(tasks.slice(start, end).map((task) => [task.url, new URL(task.url).host]));
        const written = this.statements.insertRun.all(groupId, ...shared, state, reason, now, after + 1 + start, urls);
        if (written.length !== end - start) throw new Error(`inserted ${written.length} of ${end - start} tasks`);
        // RETURNING promises no order: each row is matched to its request by the position it was given.
        for (const [id, position] of written) ids[Math.round(position - after - 1)] = id;
      }
      return tasks.map((task, index): Task => {
        const id = ids[index];
        if (id === undefined) throw new Error(`task ${index + 1} of ${tasks.length} was not recorded`);
        return {
          id,
          groupId,
          url: task.url,
          currentUrl: task.url,
          dir: task.dir,
          requestedName: task.requestedName ?? null,
          fileName: null,
          state,
          reason,
          message: null,
          httpStatus: null,
          totalBytes: null,
          doneBytes: 0,
          checksum: task.checksum ?? null,
          headers: { ...task.headers },
          speedLimit: task.speedLimit ?? null,
          connections: task.connections ?? null,
          priority: task.priority ?? 0,
          attempts: 0,
          nextAttemptAt: null,
          createdAt: now,
          finishedAt: null,
          onExists: task.onExists ?? defaultOnExists,
        };
      });
    });
  }

  get(id: number): Task | undefined {
    const row = this.statements.get.get(id);
    return row === undefined ? undefined : taskFromRow(row);
  }

  /** The tasks of these ids that exist, in one query. */
  getMany(ids: readonly number[]): Task[] {
    if (ids.length === 0) return [];
    return this.statements.withIds.all(JSON.stringify(ids)).map(taskFromRow);
  }

  require(id: number): Task {
    const task = this.get(id);
    if (task === undefined) throw new UnknownTaskError(id);
    return task;
  }

  list(): Task[] {
    return this.statements.all.all().map(taskFromRow);
  }

  /** Every task's view columns, as arrays: what a snapshot is made of, read at a fraction of `list()`'s cost. */
  viewRows(): TaskViewRow[] {
    return this.statements.viewRows.all();
  }

  listInGroup(groupId: number): Task[] {
    return this.statements.inGroup.all(groupId).map(taskFromRow);
  }

  listInState(state: TaskState): Task[] {
    return (state === 'running' ? this.statements.running.all() : this.statements.inState.all(state)).map(taskFromRow);
  }

  /**
   * The first `limit` queued tasks in the order they should run (an index walk, never a table scan),
   * with only what the scheduler looks at: a whole row per candidate cost more than the claim that follows.
   */
  nextQueued(limit: number): QueuedCandidate[] {
    return this.statements.nextQueued.all(limit);
  }

  /** The task as a scheduling candidate while it is queued; undefined when it is not (or is gone). */
  queuedCandidate(id: number): QueuedCandidate | undefined {
    const row = this.statements.candidate.get(id);
    return row?.state === 'queued' ? { id: row.id, currentUrl: row.currentUrl } : undefined;
  }

  dueRetries(now: number): Task[] {
    return this.statements.dueRetries.all(now).map(taskFromRow);
  }

  nextRetryAt(): number | undefined {
    return this.statements.nextRetryAt.get()?.at ?? undefined;
  }

  /**
   * `findLatest` for many requests in one query: by `requestKey`, the latest
   * task (not canceled) for each request that has one.
   */
  findLatestMany(requests: readonly { readonly url: string; readonly dir: string; readonly requestedName?: string | undefined }[]): Map<string, Task> {
    const found = new Map<string, Task>();
    if (requests.length === 0) return found;
    const wanted = new Set(requests.map((request) => requestKey(request.url, request.dir, request.requestedName)));
    const urls = [...new Set(requests.map((request) => request.url))];
    // Ascending ids: a later task for the same request replaces an earlier one.
    for (const row of this.statements.withUrls.iterate(JSON.stringify(urls))) {
      const key = requestKey(row.url, row.dir, row.requested_name ?? undefined);
      if (wanted.has(key)) found.set(key, taskFromRow(row));
    }
    return found;
  }

  /** The latest task (not canceled) for the same request, so running a command again resumes it. */
  findLatest(url: string, dir: string, requestedName: string | undefined): Task | undefined {
    const row = this.statements.latestFor.get(url, dir, requestedName ?? null);
    return row === undefined ? undefined : taskFromRow(row);
  }

  /** What the engine needs to resume this task. */
  transferState(id: number): TransferState {
    const row = this.statements.get.get(id);
    if (row === undefined) throw new UnknownTaskError(id);
    return this.withSegments(row);
  }

  private withSegments(row: TaskRow): TransferState {
    const segments = this.statements.segmentsOf.all(row.id).map((segment) => ({
      start: segment.start,
      end: segment.end,
      durableEnd: segment.durable_end,
    }));
    return { ...transferStateFromRow(row), segments: segments.length > 0 ? segments : undefined };
  }

  /**
   * Saves engine checkpoints (with their segments), many in one transaction,
   * on the rows `owner` still claims (null: rows nobody claims).
   * `mayHaveSegments` false says a task is known to have no stored ranges (the
   * caller wrote none since it read none): there is nothing to delete first.
   */
  saveTransferStates(
    states: ReadonlyMap<number, Readonly<TransferState>>,
    owner: string | null,
    mayHaveSegments: (id: number) => boolean = () => true,
  ): void {
    if (states.size === 0) return;
    // Inside a caller's transaction no savepoint is needed: the caller's commit covers these rows too.
    const atomically = this.db.inTransaction ? (work: () => void): void => work() : this.inTransaction;
    atomically(() => {
      for (const [id, state] of states) {
        if (this.statements.saveTransfer.run(...transferParameters(id, state, owner)).changes > 0) this.saveSegments(id, state, mayHaveSegments(id));
      }
    });
  }

  /**
   * Saves one checkpoint as saveTransferStates does, and returns the row as
   * written (what clients are shown of a newly named file, without reading
   * it again); undefined when the row is not `owner`'s.
   */
  saveTransferState(id: number, state: Readonly<TransferState>, owner: string | null, mayHaveSegments = true): Task | undefined {
    return this.inTransaction(() => {
      const row = this.statements.saveTransferReturning.get(...transferParameters(id, state, owner));
      if (row === undefined) return undefined;
      this.saveSegments(id, state, mayHaveSegments);
      return taskFromRow(row);
    });
  }

  private saveSegments(id: number, state: Readonly<TransferState>, mayHaveSegments: boolean): void {
    // A handful of rows per task (finished ranges are merged): rewriting them is cheaper than diffing.
    // A task of one connection has none: its DELETE (a statement per checkpoint) is skipped.
    if (mayHaveSegments) this.statements.clearSegments.run(id);
    for (const segment of state.segments ?? []) this.statements.insertSegment.run(id, segment.start, segment.end, segment.durableEnd);
  }

  /**
   * Moves a task to `to` if the state table allows it. The only way a state
   * changes; callers emit the change after it is persisted.
   */
  transition(id: number, to: TaskState, detail: TransitionDetail = {}): Task {
    const task = this.stateOf(id);
    if (task === undefined) throw new UnknownTaskError(id);
    if (!canTransition(task.state, to)) throw new InvalidTransitionError(id, task.state, to);
    const row = this.changedAs(to, () => this.statements.setState.get(
      to,
      detail.reason ?? null,
      detail.message ?? null,
      detail.httpStatus ?? null,
      detail.nextAttemptAt ?? null,
      detail.attempts ?? task.attempts,
      isSettled(to) ? this.now() : null,
      detail.lease?.owner ?? null,
      detail.lease?.until ?? null,
      id,
    ));
    if (row === undefined) throw new UnknownTaskError(id);
    return taskFromRow(row);
  }

  /**
   * Runs a state change; one to canceled also forgets the task's bytes and
   * ranges, in the same transaction: canceling deletes the partial file, so
   * nothing may count them (views, a group's sum, the details), and a
   * canceled task is never resumed (adding its URL again makes a new task).
   */
  private changedAs(to: TaskState, change: () => TaskRow | undefined): TaskRow | undefined {
    if (to !== 'canceled') return change();
    return this.inTransaction(() => {
      const row = change();
      if (row === undefined) return undefined;
      this.statements.clearSegments.run(row.id);
      return this.statements.forgetBytes.get(row.id);
    });
  }

  /**
   * Moves a task from `from` to `to` only if it is still in `from` (and, when
   * `owner` is given, still claimed by it); undefined, and nothing changed,
   * otherwise. The check and the change are one statement, so a state changed
   * by another process meanwhile is never overwritten.
   */
  transitionFrom(id: number, from: TaskState, to: TaskState, detail: TransitionDetail = {}, owner?: string): Task | undefined {
    const row = this.changeStateFrom(id, from, to, detail, owner);
    return row === undefined ? undefined : taskFromRow(row);
  }

  /**
   * Claims a queued task for `lease.owner` and reads what the engine needs to
   * run it, in one transaction; undefined when it is no longer queued
   * (changed by another process).
   */
  claim(id: number, lease: Lease): { readonly task: Task; readonly state: TransferState } | undefined {
    return this.inTransaction(() => {
      const row = this.changeStateFrom(id, 'queued', 'running', { lease });
      return row === undefined ? undefined : { task: taskFromRow(row), state: this.withSegments(row) };
    });
  }

  private changeStateFrom(id: number, from: TaskState, to: TaskState, detail: TransitionDetail, owner?: string): TaskRow | undefined {
    if (!canTransition(from, to)) throw new InvalidTransitionError(id, from, to);
    const values = [
      to,
      detail.reason ?? null,
      detail.message ?? null,
      detail.httpStatus ?? null,
      detail.nextAttemptAt ?? null,
      detail.attempts ?? null,
      isSettled(to) ? this.now() : null,
      detail.lease?.owner ?? null,
      detail.lease?.until ?? null,
      id,
      from,
    ] as const;
    return this.changedAs(to, () => (owner === undefined ? this.statements.setStateFrom.get(...values) : this.statements.setStateFromOwned.get(...values, owner)));
  }

  /** Extends the claim of every task `owner` is running; returns their ids (a task changed by another process is missing). */
  renewLeases(owner: string, until: number): number[] {
    return this.statements.renewLeases.all(until, owner).map((row) => row.id);
  }

  /** Gives up every claim of `owner`: its running tasks are free to be resumed by whoever starts next. */
  releaseLeases(owner: string): void {
    this.statements.releaseLeases.run(owner);
  }

  /** The few columns that decide a state change, read without building the whole task. */
  stateOf(id: number): { readonly state: TaskState; readonly attempts: number; readonly owner: string | null } | undefined {
    const row = this.statements.stateOf.get(id);
    if (row === undefined) return undefined;
    if (!isTaskState(row.state)) throw new Error(`task ${id} has an unknown state "${row.state}"`);
    return { state: row.state, attempts: row.attempts, owner: row.owner };
  }

  /** Who runs a running task, and until when. */
  leaseOf(id: number): Lease | undefined {
    const row = this.statements.get.get(id);
    return row?.owner != null && row.lease_until !== null ? { owner: row.owner, until: row.lease_until } : undefined;
  }

  /** Sets priority and order; `position` between two neighbours' places it between them. */
  reorder(id: number, priority: number, position: number): Task {
    this.statements.reorder.run(priority, position, id);
    return this.require(id);
  }

  setSpeedLimit(id: number, bytesPerSecond: number | null): Task {
    this.statements.setSpeedLimit.run(bytesPerSecond, id);
    return this.require(id);
  }

  /**
   * Replaces what the next attempt sends and checks: the headers and the
   * expected checksum. New headers may carry new credentials: an address a
   * permanent redirect led to on another origin is then forgotten, so the
   * next attempt asks the user's URL again instead of going straight there.
   */
  setRequest(id: number, checksum: string | undefined, headers: Readonly<Record<string, string>>): Task {
    const task = this.require(id);
    const changed = JSON.stringify(task.headers) !== JSON.stringify(headers);
    const currentUrl = changed && new URL(task.currentUrl).origin !== new URL(task.url).origin ? task.url : task.currentUrl;
    this.statements.setRequest.run(checksum ?? null, JSON.stringify(headers), currentUrl, id);
    return this.require(id);
  }

  setConnections(id: number, connections: number | null): Task {
    this.statements.setConnections.run(connections, id);
    return this.require(id);
  }

  /**
   * A number that changes whenever another connection (another process)
   * commits to the database, and only then: SQLite's data_version, which
   * costs no disk read.
   */
  writesElsewhere(): number {
    return this.statements.dataVersion.get() ?? 0;
  }

  /** How many tasks are in each state (an index-only count). */
  countByState(): Map<TaskState, number> {
    const counts = new Map<TaskState, number>();
    for (const row of this.statements.countByState.all()) if (isTaskState(row.state)) counts.set(row.state, row.count);
    return counts;
  }

  /** Moves a task just before another, taking its priority; null moves it to the end of its own band. */
  placeBefore(id: number, beforeId: number | null): Task {
    const before = beforeId !== null ? this.statements.placeOf.get(beforeId) : undefined;
    if (beforeId !== null && before === undefined) throw new UnknownTaskError(beforeId);
    return this.inTransaction(() => {
      if (before === undefined) {
        const own = this.statements.placeOf.get(id);
        if (own === undefined) throw new UnknownTaskError(id);
        return this.reorder(id, own.priority, (this.statements.lastPosition.get()?.position ?? 0) + 1);
      }
      const previous = this.statements.placeBefore.get(before.priority, before.position)?.position ?? before.position - 1;
      return this.reorder(id, before.priority, (previous + before.position) / 2);
    });
  }

  /** Points a task at a new address (a refreshed link): asked from there from now on. */
  setUrl(id: number, url: string): Task {
    this.statements.setUrl.run(url, url, new URL(url).host, id);
    return this.require(id);
  }

  /** What the next attempt does if the file's name is taken (the user ran the command again with another choice). */
  setOnExists(id: number, onExists: OnExists): Task {
    this.statements.setOnExists.run(onExists, id);
    return this.require(id);
  }

  delete(id: number): void {
    this.statements.remove.run(id);
  }
}

type TransferParameters = [string, string | null, number | null, number, string | null, string | null, number, string | null];

/**
 * A statement whose rows are whole tasks, read as arrays (raw mode) and made
 * into row objects by rowFromValues: see taskRowColumns.
 */
function taskRows<P extends unknown[]>(statement: Database.Statement<P, TaskRowValues>) {
  statement.raw(true);
  return {
    get: (...params: P): TaskRow | undefined => {
      const values = statement.get(...params);
      return values === undefined ? undefined : rowFromValues(values);
    },
    all: (...params: P): TaskRow[] => statement.all(...params).map(rowFromValues),
    *iterate(...params: P): Generator<TaskRow> {
      for (const values of statement.iterate(...params)) yield rowFromValues(values);
    },
  };
}

function transferParameters(id: number, state: Readonly<TransferState>, owner: string | null): TransferParameters {
  return [
    state.url,
    state.fileName ?? null,
    state.totalBytes ?? null,
    state.durableBytes,
    state.validator?.etag ?? null,
    state.validator?.lastModified ?? null,
    id,
    owner,
  ];
}

/** What a run of inserted tasks shares, in the insert statement's order. */
type SharedColumns = [
  dir: string,
  requestedName: string | null,
  checksum: string | null,
  headers: string,
  priority: number,
  onExists: OnExists,
  connections: number | null,
  speedLimit: number | null,
];

type InsertRunParameters = [groupId: number | null, ...SharedColumns, state: InitialState, reason: TaskReason | null, createdAt: number, firstPosition: number, urls: string];

/** The tasks cut into runs that differ only in their URL (a `tasks.add` call is one run). */
function* runsOf(tasks: readonly NewTask[]): Generator<{ start: number; end: number; shared: SharedColumns }> {
  let start = 0;
  let shared: SharedColumns | undefined;
  let headers: NewTask['headers'];
  for (const [index, task] of tasks.entries()) {
    // The calls of one add share one headers object: it is written out again only when another comes.
    const headersText = shared !== undefined && task.headers === headers ? shared[3] : JSON.stringify(task.headers ?? {});
    headers = task.headers;
    const next: SharedColumns = [
      task.dir,
      task.requestedName ?? null,
      task.checksum ?? null,
      headersText,
      task.priority ?? 0,
      task.onExists ?? defaultOnExists,
      task.connections ?? null,
      task.speedLimit ?? null,
    ];
    if (shared !== undefined && next.some((value, column) => value !== shared?.[column])) {
      yield { start, end: index, shared };
      start = index;
    }
    shared = next;
  }
  if (shared !== undefined) yield { start, end: tasks.length, shared };
}

/** One download request: the same URL into the same folder under the same name (or none). */
export function requestKey(url: string, dir: string, requestedName: string | undefined): string {
  // NUL and SOH never appear in a URL, a path or a sanitised name; SOH stands for "no name chosen".
  return `${url}\u0000${dir}\u0000${requestedName ?? '\u0001'}`;
}
