import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../app/ui/catalogue-en.js';
import { resultWords } from '../../app/ui/result-words.js';

test('a removal that had to leave a file on disk says so with the system\'s words; one that did not says nothing', () => {
  const leftover = "EISDIR: illegal operation on a directory, unlink '/home/me/Downloads/stuck.bin.part'";
  assert.deepEqual(resultWords({ removed: [{ id: 1, fileDeleted: false, leftover }, { id: 2, fileDeleted: true }], refused: [] }), [
    { key: 'toast.leftover', params: { count: 1, message: leftover } },
  ]);
  assert.deepEqual(resultWords({ removed: [{ id: 2, fileDeleted: true }], refused: [] }), []);
  assert.match(en.toast.leftover_one, /could not be deleted: \{\{message\}\}/);
});

test('refusals and leftovers of one command are both said', () => {
  const words = resultWords({ removed: [{ id: 1, fileDeleted: false, leftover: 'EACCES' }], refused: [{ id: 9, code: 'not_found', message: 'there is no task 9' }] });
  assert.deepEqual(
    words.map((word) => word.key),
    ['toast.refused', 'toast.leftover'],
  );
});

test('a result with nothing to say, or no result, says nothing', () => {
  assert.deepEqual(resultWords(undefined), []);
  assert.deepEqual(resultWords({ tasks: [], refused: [] }), []);
});
