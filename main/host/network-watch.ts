import type { Stats } from '../../app/contract/views.js';

/**
 * Whether the network's state is worth watching: while downloads run (going
 * offline pauses them as waiting for the network, rather than letting each
 * fail on its own) or wait for it to come back. Otherwise nothing is polled.
 */
export function networkWatchNeeded(stats: Stats): boolean {
  return stats.byState.running + stats.byState.waiting_network > 0;
}
