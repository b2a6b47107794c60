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
  /**
   * The queued ids in ascending order, read by every scheduling step: kept
   * sorted as ids arrive (almost always in ascending order, as they were
   * added) rather than sorted per step, which cost a 10,000-URL run seconds.
   * Ids that left the queue stay here until a step walks past them.
   */
  private order: number[] = [];
  /** Where the live part of `order` begins. */
  private head = 0;
  private orderSorted = true;
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
    if (task.state === 'queued') this.enqueue(task.id);
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

  /** The queued ids, oldest first, found as they are asked for (a step usually needs only the first few). */
  *queuedIds(): Generator<number> {
    if (!this.orderSorted) {
      this.order = [...this.queued].sort((a, b) => a - b);
      this.head = 0;
      this.orderSorted = true;
    }
    // Ids that left the queue from the front (the usual case: the oldest start first) are passed for good.
    while (this.head < this.order.length && !this.queued.has(this.order[this.head] ?? 0)) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const order = this.order;
    for (let index = this.head; index < order.length; index += 1) {
      const id = order[index] ?? 0;
      if (this.queued.has(id)) yield id;
    }
  }

  private enqueue(id: number): void {
    if (this.queued.has(id)) return;
    this.queued.add(id);
    const last = this.order.length > this.head ? this.order.at(-1) : undefined;
    if (last !== undefined && id <= last) this.orderSorted = false;
    if (this.orderSorted) this.order.push(id);
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
