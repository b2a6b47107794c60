import type { Clock } from '../engine/clock.js';
import type { TaskStore } from '../store/task-store.js';
import { leaseMs } from './task-lease.js';

/**
 * Keeps this queue's claims on its running tasks alive, a third of a lease at
 * a time, and says which ones it still holds (a row changed by another
 * process, or taken over after this one hung, is missing). The timer runs
 * only while transfers do.
 */
export class ClaimRenewal {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly tasks: TaskStore,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly onRenewed: (held: ReadonlySet<number>) => void,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Called whenever the number of running transfers changes. */
  runningCount(count: number): void {
    if (count === 0) {
      this.cancel?.();
      this.cancel = undefined;
    } else {
      this.cancel ??= this.arm();
    }
  }

  private arm(): () => void {
    return this.clock.setTimer(leaseMs / 3, () => {
      this.cancel = this.arm();
      try {
        this.onRenewed(new Set(this.tasks.renewLeases(this.owner, this.clock.now() + leaseMs)));
      } catch (error) {
        this.onFailure(error);
      }
    });
  }
}
