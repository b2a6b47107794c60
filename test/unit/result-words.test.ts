import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../app/ui/catalogue-en.js';
import { resultWords } from '../../app/ui/result-words.js';

test("a removal that had to leave a file on disk says so in the catalogue's sentence, the system's words as its detail; one that did not says nothing", () => {
  const leftover = "EISDIR: illegal operation on a directory, unlink '/home/me/Downloads/stuck.bin.part'";
  assert.deepEqual(resultWords({ removed: [{ id: 1, fileDeleted: false, leftover }, { id: 2, fileDeleted: true }], refused: [] }), [
    { key: 'toast.leftover', params: { count: 1 }, detail: leftover },
  ]);
  assert.deepEqual(resultWords({ removed: [{ id: 2, fileDeleted: true }], refused: [] }), []);
});

test('downloads refused for one reason are said in that reason\'s sentence, counted; the service\'s English is the detail', () => {
  const message = 'task 4: another Peregrine process (pid 4242) is downloading it; pause it there, or try again once it has finished';
  const words = resultWords({
    tasks: [],
    refused: [
      { id: 4, code: 'refused', refusal: 'running_elsewhere', message, state: 'running' },
      { id: 5, code: 'refused', refusal: 'running_elsewhere', message: 'task 5: another Peregrine process (pid 4242) is downloading it', state: 'queued' },
      { id: 9, code: 'not_found', message: 'there is no task 9' },
    ],
  });
  assert.deepEqual(words, [
    { key: 'refusal.running_elsewhere', params: { count: 2 }, detail: message },
    { key: 'toast.notFound', params: { count: 1 }, detail: 'there is no task 9' },
  ]);
});

test('refusals and leftovers of one command are both said', () => {
  const words = resultWords({ removed: [{ id: 1, fileDeleted: false, leftover: 'EACCES' }], refused: [{ id: 9, code: 'not_found', message: 'there is no task 9' }] });
  assert.deepEqual(
    words.map((word) => word.key),
    ['toast.notFound', 'toast.leftover'],
  );
});

test("links the service would not add are said in the catalogue's sentence, counted; its English words for the first are the detail", () => {
  const message = 'Invalid URL: http://exa mple.org/x';
  assert.deepEqual(
    resultWords({
      ids: [7],
      groupId: null,
      duplicates: [],
      rejected: [
        { url: 'http://exa mple.org/x', code: 'bad_url', message },
        { url: 'http://exa mple.org/y', code: 'bad_url', message: 'Invalid URL: http://exa mple.org/y' },
      ],
    }),
    [{ key: 'add.rejected', params: { count: 2 }, detail: message }],
  );
  assert.doesNotMatch(en.add.rejected_one, /\{\{message\}\}/);
});

test('no toast sentence has a place for the service\'s or the system\'s own words', () => {
  for (const [key, sentence] of Object.entries({ ...en.toast, ...en.refusal })) assert.doesNotMatch(sentence, /\{\{message\}\}/, key);
});

test('a result with nothing to say, or no result, says nothing', () => {
  assert.deepEqual(resultWords(undefined), []);
  assert.deepEqual(resultWords({ tasks: [], refused: [] }), []);
});
