import type { Task } from '../../app/domain/task.js';
import type { TaskState } from '../../app/domain/task-state.js';

const settledOrPaused = new Set<TaskState>(['completed', 'failed', 'canceled', 'paused']);

/**
 * Which tasks a queue runs: all of the database's, or (for the CLI) only its
 * own. A scoped queue keeps its queued and unsettled ids in memory, so a
 * scheduling step never scans the whole scope.
 */
export class TaskScope {
  private readonly queued = new Set<number>();
  private readonly unsettled = new Set<number>();
  /** When each retrying task of the scope is due: the retry timer is armed without reading every row. */
  private readonly retryAt = new Map<number, number>();
  private readonly owned: Set<number> | undefined;

  /** Undefined: every task in the database. */
  constructor(ids?: Iterable<number>) {
    this.owned = ids === undefined ? undefined : new Set(ids);
  }

  get ids(): ReadonlySet<number> | undefined {
    return this.owned;
  }

  /** The task becomes this scope's to run (a whole scope has every task already). */
  take(id: number): void {
    this.owned?.add(id);
  }

  get isWhole(): boolean {
    return this.ids === undefined;
  }

  has(id: number): boolean {
    return this.ids === undefined || this.ids.has(id);
  }

  /** Keeps the in-memory view in step with a task's new state. */
  track(task: Task): void {
    if (!this.has(task.id)) return;
    if (task.state === 'queued') this.queued.add(task.id);
    else this.queued.delete(task.id);
    if (settledOrPaused.has(task.state)) this.unsettled.delete(task.id);
    else this.unsettled.add(task.id);
    if (task.state === 'retrying' && task.nextAttemptAt !== null) this.retryAt.set(task.id, task.nextAttemptAt);
    else this.retryAt.delete(task.id);
  }

  /** The task left the scope's care (removed, or another process runs it). */
  forget(id: number): void {
    this.queued.delete(id);
    this.unsettled.delete(id);
    this.retryAt.delete(id);
  }

  /** The first `limit` queued ids, oldest first. */
  queuedIds(limit: number): number[] {
    return [...this.queued].sort((a, b) => a - b).slice(0, limit);
  }

  /** The earliest retry due among the scope's tasks, as last seen. */
  nextRetryAt(): number | undefined {
    let next: number | undefined;
    for (const at of this.retryAt.values()) next = Math.min(next ?? at, at);
    return next;
  }

  /** Retrying tasks last seen due by `now`. */
  dueRetryIds(now: number): number[] {
    return [...this.retryAt].filter(([, at]) => at <= now).map(([id]) => id);
  }

  /** Nothing left that would move without a user. */
  get isSettled(): boolean {
    return this.unsettled.size === 0;
  }
}
