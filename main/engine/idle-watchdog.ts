/** Fires when nothing has happened for `ms`: a stalled body is an error, a slow but moving one is not. */
export class IdleWatchdog {
  private readonly timer: NodeJS.Timeout;
  /** Waits of our own making (a speed limit) are not the server stalling. */
  private holds = 0;

  constructor(ms: number, onIdle: () => void) {
    this.timer = setTimeout(() => {
      if (this.holds > 0) this.timer.refresh();
      else onIdle();
    }, ms);
  }

  touch(): void {
    this.timer.refresh();
  }

  /** Keeps the watchdog quiet while `work` runs, and counts its end as activity. */
  async hold<T>(work: Promise<T>): Promise<T> {
    this.holds += 1;
    try {
      return await work;
    } finally {
      this.holds -= 1;
      this.touch();
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
