import type { GroupSummary } from '../../app/domain/group.js';
import type { Task } from '../../app/domain/task.js';

/** Facts the queue announces, after they are persisted. */
export interface QueueEvents extends Record<string, unknown> {
  taskAdded: Task;
  taskChanged: Task;
  /** The row was just deleted: said at once, before the files go (which takes awaits), so counts by state never see it twice. */
  taskDeleted: { readonly id: number };
  /** The row is gone; `fileDeleted` says whether the downloaded file went with it. */
  taskRemoved: { readonly id: number; readonly fileDeleted: boolean; readonly groupId: number | null };
  /** A transfer began receiving (name and size known). */
  transferStarted: { readonly task: Task; readonly fileName: string; readonly totalBytes: number | undefined; readonly startBytes: number };
  /** A running task's name or size was learned and saved (its row changed without a change of state). */
  /** A new name or size was saved: `task` is the row as written (undefined: read it again). */
  taskDescribed: { readonly id: number; readonly task: Task | undefined };
  /** A transfer has fully stopped and freed its slot (whatever state the task went to). */
  /** `settled`: the row as the transfer's last write left it, when that write was its change of state (nothing newer to read). */
  transferEnded: { readonly id: number; readonly settled: Task | undefined };
  /** Every member of the group is completed, failed or canceled; said once. */
  groupSettled: { readonly summary: GroupSummary; readonly failed: readonly Task[] };
  /**
   * The database refused a write (disk full under it, locked by another
   * program). The transfer of `id` (if any) has stopped; its row still says
   * running and is resumed at the next start. Completions it refuses (`id`
   * undefined) are recorded as soon as it accepts, tried again meanwhile, and
   * reported once until then. Hosts tell the user.
   */
  storeFailed: { readonly id: number | undefined; readonly error: unknown };
  /** A task this queue was asked to run is being run by another process sharing the database: it is left alone. */
  runningElsewhere: Task;
  /**
   * Another process changed a task while this queue ran it (seen when renewing the claim): the
   * transfer stopped and left the row and the file as they are. `now` is the row as it is (gone: undefined).
   */
  changedElsewhere: { readonly task: Task; readonly now: Task | undefined };
  /**
   * A bug of ours stopped the transfer (a TypeError, say): the task failed with
   * reason `internal` and is not retried. `error` is the original, with its stack, for the log.
   */
  internalError: { readonly task: Task; readonly error: unknown };
  /** Something the user should know that does not stop the transfer (it left https for plain http). */
  transferWarning: { readonly task: Task; readonly message: string };
}
