import type { AddResult, BulkResult, Refusal, RemoveResult } from '../contract/commands.js';
import { contractErrorWords } from './error-words.js';
import type { Words } from './task-words.js';

/**
 * What a command that partly succeeded says to the user: the downloads it
 * could not change, once per reason and counted, the files a removal had to
 * leave on disk, and the links an addition left out.
 */
export function resultWords(result: unknown): Words[] {
  const { refused = [], removed = [], rejected = [] } = (typeof result === 'object' && result !== null ? result : {}) as Partial<BulkResult & RemoveResult & AddResult>;
  const byReason = new Map<string, Refusal[]>();
  for (const refusal of refused) {
    const reason = `${refusal.code}/${refusal.refusal ?? ''}`;
    byReason.set(reason, [...(byReason.get(reason) ?? []), refusal]);
  }
  const words = [...byReason.values()].map((same) => contractErrorWords(same[0] as Refusal, same.length));
  const leftovers = removed.filter((entry) => entry.leftover !== undefined);
  const first = leftovers[0]?.leftover;
  if (first !== undefined) words.push({ key: 'toast.leftover', params: { count: leftovers.length }, detail: first });
  const [firstRejected] = rejected;
  if (firstRejected !== undefined) words.push({ key: 'add.rejected', params: { count: rejected.length }, detail: firstRejected.message });
  return words;
}
