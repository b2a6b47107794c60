import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContractError, refusalCodes } from '../../app/contract/errors.js';
import { errorWords } from '../../app/ui/error-words.js';
import { en } from '../../app/ui/catalogue-en.js';

// Every client hands on an error body as ContractError.fromWire reads it (the WebSocket, the Electron bridge, the owner's socket).
describe('words for a failed call', () => {
  test("a request found not valid gets a sentence of the catalogue; the validator's English words are kept apart, as its detail", () => {
    const message = 'ids.0: Too small: expected number to be >0';
    const words = errorWords(ContractError.fromWire({ code: 'invalid_input', message }));
    assert.deepEqual(words, { key: 'contractError.invalid_input', detail: message });
    assert.doesNotMatch(en.contractError.invalid_input, /\{\{/, 'the sentence has no place for the raw message');
  });

  test("a refused command is said by its refusal code in the catalogue's sentence; the service's English words are its detail", () => {
    const message = 'the system could not open report.pdf: no application is registered for it';
    assert.deepEqual(errorWords(ContractError.fromWire({ name: 'ContractError', code: 'refused', refusal: 'open_failed', message, state: 'completed' })), {
      key: 'refusal.open_failed',
      params: { count: 1 },
      detail: message,
    });
  });

  test('a refusal without a code this window knows (a newer service) is said as a refusal, its words as the detail', () => {
    assert.deepEqual(errorWords(ContractError.fromWire({ code: 'refused', refusal: 'from_the_future', message: 'no' })), { key: 'contractError.refused', detail: 'no' });
  });

  test('every refusal code has a sentence, one and several, with no place for the raw message', () => {
    const sentences: Record<string, string> = en.refusal;
    for (const code of refusalCodes) {
      for (const form of ['one', 'other']) {
        const sentence = sentences[`${code}_${form}`];
        assert.ok(sentence !== undefined && sentence.length > 10, `${code}_${form}`);
        assert.doesNotMatch(sentence, /\{\{message\}\}/);
      }
    }
    assert.doesNotMatch(en.contractError.refused, /\{\{/);
  });

  test('a lost connection and an unknown fault have no detail to show', () => {
    assert.deepEqual(errorWords({ name: 'NotConnectedError' }), { key: 'connection.lost' });
    assert.deepEqual(errorWords(new Error('boom')), { key: 'contractError.internal' });
  });
});
