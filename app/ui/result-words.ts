import type { AddResult, BulkResult, RemoveResult } from '../contract/commands.js';
import { ContractError } from '../contract/errors.js';
import { contractErrorWords } from './error-words.js';
import type { Words } from './task-words.js';

/**
 * What a command that partly succeeded says to the user: the downloads it
 * could not change, once per reason and counted, the files a removal had to
 * leave on disk, and the links an addition left out.
 */
export function resultWords(result: unknown): Words[] {
  const { refused = [], removed = [], rejected = [] } = (typeof result === 'object' && result !== null ? result : {}) as Partial<BulkResult & RemoveResult & AddResult>;
  // Each as a client reads any error body (checked against the contract's schema), then grouped by what it says.
  const byReason = new Map<string, ContractError[]>();
  for (const refusal of refused) {
    const error = ContractError.fromWire(refusal);
    const reason = `${error.code}/${error.refusal ?? ''}`;
    byReason.set(reason, [...(byReason.get(reason) ?? []), error]);
  }
  const words = [...byReason.values()].map((same) => contractErrorWords(same[0] as ContractError, same.length));
  const leftovers = removed.filter((entry) => entry.leftover !== undefined);
  const first = leftovers[0]?.leftover;
  if (first !== undefined) words.push({ key: 'toast.leftover', params: { count: leftovers.length }, detail: first });
  const [firstRejected] = rejected;
  if (firstRejected !== undefined) words.push({ key: 'add.rejected', params: { count: rejected.length }, detail: firstRejected.message });
  return words;
}
