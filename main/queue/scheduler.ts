import type { Task } from '../../app/domain/task.js';
import type { QueuedCandidate, TaskStore } from '../store/task-store.js';
import type { HostSlots } from './host-slots.js';
import type { QueueSettings } from './queue-settings.js';
import type { TaskScope } from './task-scope.js';

/** How many queued rows one scheduling step looks at beyond the free slots, to skip hosts at their cap. */
const schedulingWindow = 200;
/**
 * How many it reads first: a step usually starts the first one or two (a download just ended), so the
 * rest of the window is read only when hosts at their cap were skipped. Reading all 200 rows each time
 * cost a whole queue 0.15 ms per small file.
 */
const firstLook = 8;

export interface SchedulerDeps {
  readonly tasks: TaskStore;
  readonly scope: TaskScope;
  readonly hostSlots: HostSlots;
  /** The transfers running now, by task id, with the host each runs against. */
  readonly active: ReadonlyMap<number, { readonly host: string }>;
  readonly settings: () => Pick<QueueSettings, 'maxConcurrent' | 'maxPerHost' | 'maxConnectionsPerHost'>;
  /** Claims and starts a queued task. */
  readonly launch: (queued: QueuedCandidate, host: string) => void;
  /** A task of a scoped queue found not queued: another process changed it. */
  readonly changedElsewhere: (id: number, task: Task | undefined) => void;
}

/**
 * Which queued tasks start, and when: one "fill free slots" step, run after
 * every change that may free or fill a slot. Queued tasks are read in the
 * order they should run (priority, then position); a host at its cap of
 * downloads or connections is skipped, not waited for. It also says when the
 * next retrying task is due, for the queue's one retry timer.
 */
export class Scheduler {
  constructor(private readonly deps: SchedulerDeps) {}

  /** Starts queued tasks while slots are free, respecting the per-host caps. */
  fill(): void {
    const settings = this.deps.settings();
    const { active } = this.deps;
    const free = settings.maxConcurrent - active.size;
    if (free <= 0) return;
    const perHost = new Map<string, number>();
    for (const transfer of active.values()) perHost.set(transfer.host, (perHost.get(transfer.host) ?? 0) + 1);
    const candidates = this.candidates(free);
    // The slot check comes before reading the next candidate: no row is read that cannot run.
    for (let looked = 0; active.size < settings.maxConcurrent && looked < free + schedulingWindow; looked += 1) {
      const next = candidates.next();
      if (next.done === true) break;
      const task = next.value;
      const host = hostOf(task.currentUrl);
      if ((perHost.get(host) ?? 0) >= settings.maxPerHost) continue;
      if (this.deps.hostSlots.count(host) >= settings.maxConnectionsPerHost) continue;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      this.deps.launch(task, host);
    }
  }

  /** When the next retrying task is due to rejoin the queue. */
  nextRetryAt(): number | undefined {
    const { scope, tasks } = this.deps;
    // A scoped queue (the CLI) looks only at its own tasks: others' overdue retries are not its to run.
    if (scope.isWhole) return tasks.nextRetryAt();
    // Each retrying task's time is kept with the scope: no row is read per task in scope.
    return scope.nextRetryAt();
  }

  /**
   * Queued tasks in the order they should run, read lazily: a step usually needs only the first few.
   * The whole queue is read in two windows, the second only when the first ran out; tasks started
   * meanwhile have left the queue, and those already looked at are not offered again.
   */
  private *candidates(free: number): Generator<QueuedCandidate> {
    const { scope, tasks } = this.deps;
    if (scope.isWhole) {
      const offered = new Set<number>();
      for (const window of [free + firstLook, free + schedulingWindow]) {
        const rows = tasks.nextQueued(window);
        for (const row of rows) {
          if (offered.has(row.id)) continue;
          offered.add(row.id);
          yield row;
        }
        if (rows.length < window) return;
      }
      return;
    }
    for (const id of scope.queuedIds()) {
      const queued = tasks.queuedCandidate(id);
      // Rarely: the whole row is read only for a task another process changed.
      if (queued !== undefined) yield queued;
      else this.deps.changedElsewhere(id, tasks.get(id));
    }
  }
}

function hostOf(url: string): string {
  return new URL(url).host;
}
