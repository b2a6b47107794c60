import type { BulkResult, RemoveResult } from '../contract/commands.js';
import type { Words } from './task-words.js';

/**
 * What a command that partly succeeded says to the user: the downloads it
 * could not change, and the files a removal had to leave on disk.
 */
export function resultWords(result: unknown): Words[] {
  const { refused = [], removed = [] } = (typeof result === 'object' && result !== null ? result : {}) as Partial<BulkResult & RemoveResult>;
  const words: Words[] = [];
  if (refused.length > 0) words.push({ key: 'toast.refused', params: { count: refused.length, message: refused[0]?.message ?? '' } });
  const leftovers = removed.filter((entry) => entry.leftover !== undefined);
  if (leftovers.length > 0) words.push({ key: 'toast.leftover', params: { count: leftovers.length, message: leftovers[0]?.leftover ?? '' } });
  return words;
}
