import type { Task } from '../../app/domain/task.js';
import type { TaskState } from '../../app/domain/task-state.js';
import type { GroupStore } from '../store/group-store.js';
import type { TaskStore } from '../store/task-store.js';
import type { EventStream } from './event-stream.js';
import { toGroupView, toTaskView } from './views.js';

/**
 * How a batch moved the counts by state: by how much each changed, or
 * `recount` when a task whose earlier state is unknown here moved, or another
 * process wrote to the database (the counts must be read from it again).
 */
export type CountChange = { readonly kind: 'delta'; readonly by: ReadonlyMap<TaskState, number> } | { readonly kind: 'recount' };

/**
 * Collects what the queue says changed and announces it once the database
 * has committed: the queue speaks inside its transactions, and better-sqlite3
 * transactions are synchronous, so a microtask always runs after the commit.
 * Changes within one turn are coalesced into one event of each kind.
 */
export class TaskChanges {
  private readonly added = new Map<number, Task | undefined>();
  private readonly changed = new Map<number, Task | undefined>();
  private readonly removed = new Map<number, boolean>();
  private readonly groupIds = new Set<number>();
  private scheduled = false;
  /** Each announced task's state, to tell a batch that moved a task between states from one that only changed its bytes or name. */
  private readonly lastStates = new Map<number, TaskState>();
  /**
   * How this batch moves the counts by state, worked out from the states
   * announced before: a batch of small downloads costs no COUNT query.
   */
  private countDelta = new Map<TaskState, number>();
  private recount = false;
  /** Other processes' writes when the counts were last read: any since means the counts miss them. */
  private countedAfter = 0;

  constructor(
    private readonly tasks: TaskStore,
    private readonly groups: GroupStore,
    private readonly events: EventStream,
    /** Called after each batch that moved a task between states, so counts by state follow the rows. */
    private readonly afterBatch: (change: CountChange) => void,
  ) {}

  taskAdded(task: Task): void {
    this.added.set(task.id, task);
    this.touchGroup(task.groupId);
    this.schedule();
  }

  /** `task` is the row as it was written; without it the row is read again at flush time. */
  taskChanged(id: number, task?: Task): void {
    if (this.added.has(id)) this.added.set(id, task);
    else this.changed.set(id, task);
    this.touchGroup(task?.groupId ?? null);
    this.schedule();
  }

  /** Changed by a step that wrote nothing itself: a row written in this turn stands, else it is read again. */
  taskTouched(id: number): void {
    if (this.added.get(id) !== undefined || this.changed.get(id) !== undefined) return;
    this.taskChanged(id);
  }

  /**
   * The row was deleted: counted out now, not when its removal is announced
   * (after its files are deleted), since counts read in between no longer
   * have it.
   */
  taskDeleted(id: number): void {
    const last = this.lastStates.get(id);
    if (last !== undefined) this.count(last, -1);
    // Added and removed before it was announced: it was never counted. Otherwise its state here is unknown.
    else if (!this.added.has(id)) this.recount = true;
    this.lastStates.delete(id);
    this.added.delete(id);
    this.changed.delete(id);
    this.schedule();
  }

  taskRemoved(id: number, fileDeleted: boolean, groupId: number | null): void {
    this.removed.set(id, fileDeleted);
    this.touchGroup(groupId);
    this.schedule();
  }

  groupChanged(groupId: number): void {
    this.touchGroup(groupId);
    this.schedule();
  }

  /** Announces everything pending now (before a snapshot, so the snapshot and the events agree). */
  flush(): void {
    if (this.added.size > 0) {
      const tasks = this.views(this.added, true);
      this.added.clear();
      if (tasks.length > 0) this.events.emit('tasks.added', { tasks });
    }
    if (this.changed.size > 0) {
      const tasks = this.views(this.changed, false);
      this.changed.clear();
      if (tasks.length > 0) this.events.emit('tasks.changed', { tasks });
    }
    if (this.removed.size > 0) {
      const removed = [...this.removed].map(([id, fileDeleted]) => ({ id, fileDeleted }));
      this.removed.clear();
      this.events.emit('tasks.removed', { removed });
    }
    if (this.groupIds.size > 0) {
      const groups = [];
      const gone = [];
      for (const id of this.groupIds) {
        const summary = this.groups.summary(id);
        if (summary === undefined) gone.push(id);
        else groups.push(toGroupView(summary));
      }
      this.groupIds.clear();
      if (groups.length > 0) this.events.emit('groups.changed', { groups });
      if (gone.length > 0) this.events.emit('groups.removed', { ids: gone });
    }
    if (this.countDelta.size === 0 && !this.recount) return;
    if (this.tasks.writesElsewhere() !== this.countedAfter) {
      // Another process wrote to the database since the counts were read: its tasks are not in them, and
      // the states announced here may be out of date. Counted again, and each task's state learned anew.
      this.lastStates.clear();
      this.recount = true;
    }
    if (this.recount) {
      this.recount = false;
      this.countDelta = new Map();
      this.afterBatch({ kind: 'recount' });
      return;
    }
    const by = this.countDelta;
    this.countDelta = new Map();
    this.afterBatch({ kind: 'delta', by });
  }

  /**
   * Called just before the counts are read from the database: nothing
   * announced before may be counted twice, and another process's writes from
   * now on are noticed.
   */
  countsRead(): void {
    this.countDelta = new Map();
    this.recount = false;
    this.countedAfter = this.tasks.writesElsewhere();
  }

  /** `added`: the rows are new since the counts were read, so a first state counts as one more. */
  private views(rows: ReadonlyMap<number, Task | undefined>, added: boolean) {
    const views = [];
    for (const [id, known] of rows) {
      // A row changed by a checkpoint (name, size, bytes) carries no Task: read what was committed.
      const task = known ?? this.tasks.get(id);
      if (task === undefined) continue;
      this.touchGroup(task.groupId);
      const last = this.lastStates.get(id);
      if (last !== task.state) {
        this.lastStates.set(id, task.state);
        if (last !== undefined) this.count(last, -1);
        else if (!added) this.recount = true;
        this.count(task.state, 1);
      }
      views.push(toTaskView(task));
    }
    return views;
  }

  private count(state: TaskState, by: number): void {
    const next = (this.countDelta.get(state) ?? 0) + by;
    if (next === 0) this.countDelta.delete(state);
    else this.countDelta.set(state, next);
  }

  private touchGroup(groupId: number | null): void {
    if (groupId !== null) this.groupIds.add(groupId);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
