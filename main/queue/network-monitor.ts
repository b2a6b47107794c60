/** Whether the machine can reach the network; the Electron host and headless hosts each provide one. */
export interface NetworkMonitor {
  isOnline(): boolean;
  /** Calls `listener` when the answer changes; returns a function that stops listening. */
  onChange(listener: (online: boolean) => void): () => void;
}

/** For hosts that cannot tell (the CLI): failures then count as ordinary retries. */
export const assumeOnline: NetworkMonitor = {
  isOnline: () => true,
  onChange: () => () => undefined,
};

/** A monitor set by hand: what a host adapts its platform's signal into, and what tests drive. */
export class SwitchableNetworkMonitor implements NetworkMonitor {
  private readonly listeners = new Set<(online: boolean) => void>();

  constructor(private online = true) {}

  isOnline(): boolean {
    return this.online;
  }

  set(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }

  onChange(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
