import type { Clock } from '../engine/clock.js';

/** setTimeout's longest wait; a later retry is looked at again when this one fires. */
const longestWait = 2 ** 31 - 1;

/**
 * One timer for every task waiting to retry: armed for the earliest due,
 * none at all while nothing waits.
 */
export class RetryTimer {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  /** Arms for `at` (replacing any earlier arming); undefined disarms. */
  arm(at: number | undefined): void {
    this.disarm();
    if (at === undefined) return;
    const wait = Math.min(Math.max(at - this.clock.now(), 0), longestWait);
    this.cancel = this.clock.setTimer(wait, () => {
      this.cancel = undefined;
      this.onDue();
    });
  }

  disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
