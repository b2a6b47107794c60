import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeUnprintable, printable } from '../../main/cli/terminal-text.js';

describe('printable', () => {
  test('removes C0, DEL, C1 and bidi controls, keeps the rest', () => {
    assert.equal(printable('a\u001b[2Jb\u009b31mc\u0085d\u007fe'), 'a[2Jb31mcde');
    assert.equal(printable('invoice\u202Efdp.exe \u2066x\u2069'), 'invoicefdp.exe x');
    assert.equal(printable('été 日本 \u{1F600} ok'), 'été 日本 \u{1F600} ok');
  });
});

describe('escapeUnprintable', () => {
  test('escapes them in JSON text, which still parses to the same value', () => {
    const value = 'a\u009bb\u202ec';
    const line = escapeUnprintable(JSON.stringify({ message: value }));
    assert.equal(line, '{"message":"a\\u009bb\\u202ec"}');
    assert.deepEqual(JSON.parse(line), { message: value });
  });
});
