import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { en } from '../../app/ui/catalogue-en.js';

const sources = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));
/** Attributes a person reads or hears; their words must come from the catalogue too. */
const spokenAttributes = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext', 'aria-roledescription']);
/** Words: two letters in a row. Symbols, punctuation and sample text such as "https://…" or "sha256=…" are not words of the UI. */
const words = /\p{L}{2}/u;
const samples = new Set(['https://…', 'sha256=…']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tsxFiles(full) : entry.name.endsWith('.tsx') ? [full] : [];
  });
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(full) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Text in JSX, and spoken attributes given as a string literal, that read as words. */
function literalWords(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${path.relative(sources, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && words.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && spokenAttributes.has(node.name.getText(source))) {
      const value = node.initializer;
      const text = value === undefined ? undefined : ts.isStringLiteral(value) ? value.text : ts.isJsxExpression(value) && value.expression !== undefined && ts.isStringLiteralLike(value.expression) ? value.expression.text : undefined;
      if (text !== undefined && words.test(text) && !samples.has(text)) found.push(`${where(node)} ${node.name.getText(source)}="${text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Keys written as a literal where the window looks words up: t('…'), say('…'), and `key: '…'` of words handed on. */
function literalKeys(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && /^(t|say)$/.test(node.expression.getText(source).replace(/^.*\./, ''))) {
      const [first] = node.arguments;
      if (first !== undefined && ts.isStringLiteral(first)) found.push(first.text);
    }
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'key' && ts.isStringLiteral(node.initializer)) found.push(node.initializer.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function inCatalogue(key: string): boolean {
  let node: unknown = en;
  for (const part of key.split('.')) {
    const table = node as Record<string, unknown> | undefined;
    node = table?.[part] ?? table?.[`${part}_other`];
  }
  return typeof node === 'string';
}

test('every key the window looks up by name is in the English catalogue', () => {
  const files = [...tsxFiles(sources), ...tsFiles(sources)];
  const keys = new Set(files.flatMap(literalKeys));
  assert.ok(keys.size > 100, `found the keys the window uses (${keys.size})`);
  const missing = [...keys].filter((key) => !inCatalogue(key));
  assert.deepEqual(missing, []);
});

test('every word the window shows comes from the catalogue: no text or spoken attribute written into the JSX', () => {
  const files = tsxFiles(sources);
  assert.ok(files.length > 20, `found the renderer's components (${files.length})`);
  assert.deepEqual(files.flatMap(literalWords), []);
});

test('the catalogue says what an empty box stands for one way for the default and one for no limit (emptyMeans), and no other way', () => {
  assert.equal(en.emptyMeans.theDefault, 'default ({{value}})');
  assert.equal(en.emptyMeans.noLimit, 'no limit');
  const strings = (value: unknown, at: string): [string, string][] =>
    typeof value === 'string' ? [[at, value]] : typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, inner]) => strings(inner, at === '' ? key : `${at}.${key}`)) : [];
  // Other phrasings of the same two ideas: "empty for none", "Empty: no limit.", "Empty: /home/me/Downloads", "default (8)" under another key.
  const otherWays = strings(en, '').filter(([key, text]) => !key.startsWith('emptyMeans.') && /\bempty for\b|\bempty:|\bempty means\b|^default \(|^no limit$/i.test(text));
  assert.deepEqual(otherWays, []);
});

test("the setting the top bar's Limit switch turns on is named after that switch, which every window shows (was 'Tray speed limit', though a browser window has no tray)", () => {
  const field = en.settingField.trayLimit;
  assert.match(field.label, /Limit switch/);
  assert.match(field.help, /top bar/);
  assert.doesNotMatch(field.label, /^Tray/);
});
