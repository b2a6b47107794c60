import i18next from 'i18next';
import type { Words } from '../../../app/ui/task-words.js';

const cache = new Map<string, string>();
i18next.on('languageChanged', () => cache.clear());

/**
 * Translation for the hot path (rows mount and unmount by the dozen on every
 * scroll frame): react-i18next's hook builds a wrapper per mounted component,
 * which costs more than the row itself. Rows call this instead; the words are
 * cached, because thousands of rows say the same few things.
 */
export function say(key: string, params?: Readonly<Record<string, string | number>>): string {
  const cacheKey = params === undefined ? key : `${key}\u0000${JSON.stringify(params)}`;
  let text = cache.get(cacheKey);
  if (text === undefined) {
    text = i18next.t(key, params ?? {});
    // Only a bounded number of distinct sentences is kept (percentages and sizes make many).
    if (cache.size > 5_000) cache.clear();
    cache.set(cacheKey, text);
  }
  return text;
}

export function sayWords(words: Words): string {
  return say(words.key, words.params);
}
