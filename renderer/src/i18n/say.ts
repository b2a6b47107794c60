import i18next from 'i18next';
import { wordsText, type Words } from '../../../app/ui/task-words.js';

const cache = new Map<string, string>();
const templates = new Map<string, string | null>();
i18next.on('languageChanged', () => {
  cache.clear();
  templates.clear();
});

/** Only `{{name}}`: no formats, nesting or plurals, which i18next itself must resolve. */
const plainPlaceholders = /\{\{(\w+)\}\}/g;
const needsI18next = /\$t\(|\{\{[^}]*[,-][^}]*\}\}/;

/** The catalogue's text for a key when filling it needs nothing but plain placeholders; null otherwise. */
function plainTemplate(key: string): string | null {
  let template = templates.get(key);
  if (template === undefined) {
    const raw: unknown = i18next.getResource(i18next.language, 'translation', key) ?? i18next.getResource('en', 'translation', key);
    template = typeof raw === 'string' && !needsI18next.test(raw) ? raw : null;
    templates.set(key, template);
  }
  return template;
}

/**
 * Translation for the hot path (rows are re-rendered by the dozen on every
 * scroll frame): react-i18next's hook builds a wrapper per mounted component,
 * which costs more than the row itself. Rows call this instead; the words are
 * cached, because thousands of rows say the same few things, and a sentence
 * with only plain placeholders (a row's sizes and percent) is filled here.
 */
export function say(key: string, params?: Readonly<Record<string, string | number>>): string {
  if (params !== undefined && !('count' in params) && !('context' in params)) {
    const template = plainTemplate(key);
    if (template !== null) return template.replace(plainPlaceholders, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }
  const cacheKey = params === undefined ? key : `${key}\u0000${JSON.stringify(params)}`;
  let text = cache.get(cacheKey);
  if (text === undefined) {
    text = i18next.t(key, params ?? {});
    // Only a bounded number of distinct sentences is kept.
    if (cache.size > 5_000) cache.clear();
    cache.set(cacheKey, text);
  }
  return text;
}

export function sayWords(words: Words): string {
  return wordsText(words, say);
}
