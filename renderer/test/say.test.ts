import i18next from 'i18next';
import { beforeAll, describe, expect, test } from 'vitest';
import { en } from '../../app/ui/catalogue-en.js';
import { say } from '../src/i18n/say.js';

/** Every key of the catalogue with its text, dotted as i18next reads it. */
function entries(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([name, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${name}`, value]] : entries(value as object, `${prefix}${name}.`),
  );
}

describe('say', () => {
  beforeAll(async () => {
    await i18next.init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
  });

  test('says what i18next says for every key of the catalogue, filled or not', () => {
    const all = entries(en);
    expect(all.length).toBeGreaterThan(100);
    for (const [key, text] of all) {
      const base = key.replace(/_(one|other|zero|two|few|many)$/, '');
      const names = [...text.matchAll(/\{\{(\w+)/g)].map((match) => match[1] ?? '');
      const params = Object.fromEntries(names.map((name, index) => [name, name === 'count' ? index + 2 : `v${index}<&>`]));
      expect(say(base, params), key).toBe(i18next.t(base, params));
      expect(say(base), key).toBe(i18next.t(base));
    }
  });

  test('a missing placeholder value is left as it is, as i18next does', () => {
    expect(say('list.progressText', { percent: 5 })).toBe(i18next.t('list.progressText', { percent: 5 }));
  });
});
