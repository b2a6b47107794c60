import { useApp } from '../services.js';

/**
 * Fewer downloads run than the settings allow at once: a queued download is then held back by its
 * server's caps (downloads or connections per server), not by a slot. Only queued rows ask.
 */
export function useSlotsFree(): boolean {
  return useApp((s) => s.settings !== null && s.stats !== null && s.stats.byState.running < s.settings.maxConcurrent);
}
