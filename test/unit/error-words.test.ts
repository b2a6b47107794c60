import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorWords } from '../../app/ui/error-words.js';
import { en } from '../../app/ui/catalogue-en.js';

describe('words for a failed call', () => {
  test("a request found not valid gets a sentence of the catalogue; the validator's English words are kept apart, as its detail", () => {
    const message = 'ids.0: Too small: expected number to be >0';
    const words = errorWords({ code: 'invalid_input', message });
    assert.deepEqual(words, { key: 'contractError.invalid_input', detail: message });
    assert.doesNotMatch(en.contractError.invalid_input, /\{\{/, 'the sentence has no place for the raw message');
  });

  test('a lost connection and an unknown fault have no detail to show', () => {
    assert.deepEqual(errorWords({ name: 'NotConnectedError' }), { key: 'connection.lost' });
    assert.deepEqual(errorWords(new Error('boom')), { key: 'contractError.internal' });
  });
});
