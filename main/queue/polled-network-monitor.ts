import type { NetworkMonitor } from './network-monitor.js';

/**
 * A network monitor for platforms that can only be asked, never heard
 * (Electron's main process has `net.isOnline()` and no event). It asks only
 * while someone needs the answer to change — downloads running or waiting for
 * the network — so an idle app wakes no one. `isOnline()` always asks afresh,
 * so a failure is classified by the state of that moment.
 */
export class PolledNetworkMonitor implements NetworkMonitor {
  private readonly listeners = new Set<(online: boolean) => void>();
  private online: boolean;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly read: () => boolean,
    private readonly intervalMs: number,
  ) {
    this.online = read();
  }

  isOnline(): boolean {
    this.check();
    return this.online;
  }

  onChange(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Polls while `needed`; stops the timer otherwise. */
  watch(needed: boolean): void {
    if (needed && this.timer === undefined) {
      this.check();
      this.timer = setInterval(() => this.check(), this.intervalMs);
      this.timer.unref();
    } else if (!needed && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get watching(): boolean {
    return this.timer !== undefined;
  }

  /** Reads the platform's answer now and tells listeners if it changed (a wake from sleep, say). */
  check(): void {
    const online = this.read();
    if (online === this.online) return;
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }

  stop(): void {
    this.watch(false);
  }
}
