/** Fires when nothing has happened for `ms`: a stalled body is an error, a slow but moving one is not. */
export class IdleWatchdog {
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number, onIdle: () => void) {
    this.timer = setTimeout(onIdle, ms);
  }

  touch(): void {
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
