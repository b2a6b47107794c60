import type { Clock } from './clock.js';

/**
 * A speed limit as a token bucket that may go into debt: a chunk always
 * passes, then its taker waits until the debt is repaid. Many takers (the
 * connections of a task, the tasks of the queue) share one bucket, so their
 * total stays at the rate. The rate can change at any time.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** @param bytesPerSecond 0 means unlimited. */
  constructor(
    private bytesPerSecond: number,
    private readonly clock: Clock,
    /** How much may pass at once after a pause, in seconds of rate: a quarter second keeps bursts short. */
    private readonly burstSeconds = 0.25,
  ) {
    this.last = clock.now();
    this.tokens = bytesPerSecond * burstSeconds;
  }

  get rate(): number {
    return this.bytesPerSecond;
  }

  setRate(bytesPerSecond: number): void {
    this.refill();
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = Math.min(this.tokens, bytesPerSecond * this.burstSeconds);
  }

  /** Takes `bytes` now and says how many ms the caller must wait before going on (0: at once). */
  reserve(bytes: number): number {
    if (this.bytesPerSecond <= 0) return 0;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return 0;
    return Math.ceil((-this.tokens / this.bytesPerSecond) * 1000);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(now - this.last, 0) / 1000;
    this.last = now;
    if (this.bytesPerSecond <= 0) {
      this.tokens = 0;
      return;
    }
    this.tokens = Math.min(this.tokens + elapsed * this.bytesPerSecond, this.bytesPerSecond * this.burstSeconds);
  }
}
