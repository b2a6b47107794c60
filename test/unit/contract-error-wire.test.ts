import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContractError } from '../../app/contract/errors.js';
import { errorWords } from '../../app/ui/error-words.js';

/** An error body as it comes off the wire, then what the window says of it. */
function received(body: unknown): { readonly code: string; readonly refusal: string | undefined; readonly message: string; readonly words: unknown } {
  const error = ContractError.fromWire(body);
  return { code: error.code, refusal: error.refusal, message: error.message, words: errorWords(error) };
}

describe('an error body from another Peregrine process, as a client reads it', () => {
  test("an older owner's refusal without a refusal code is a refusal, said in general words with the service's own as the detail — not an internal error", () => {
    const message = 'task 3 is complete: there is nothing to pause';
    assert.deepEqual(received({ code: 'refused', message }), {
      code: 'refused',
      refusal: undefined,
      message,
      words: { key: 'contractError.refused', detail: message },
    });
  });

  test('a refusal code this side does not know (a newer owner) is a refusal too, in the same general words', () => {
    assert.deepEqual(received({ code: 'refused', refusal: 'from_the_future', message: 'not now', state: 'running' }), {
      code: 'refused',
      refusal: undefined,
      message: 'not now',
      words: { key: 'contractError.refused', detail: 'not now' },
    });
  });

  test('a refusal with a known code keeps its code, the task state and the service words', () => {
    const error = ContractError.fromWire({ code: 'refused', refusal: 'open_failed', message: 'no application for .iso', state: 'completed' });
    assert.deepEqual([error.code, error.refusal, error.state, error.message], ['refused', 'open_failed', 'completed', 'no application for .iso']);
  });

  test('a body this side cannot read is an internal fault, its words kept when it has some', () => {
    assert.deepEqual(received({ code: 'exploded', message: 'disk on fire' }), { code: 'internal', refusal: undefined, message: 'disk on fire', words: { key: 'contractError.internal', detail: 'disk on fire' } });
    assert.deepEqual(received({ code: 'refused' }), { code: 'internal', refusal: undefined, message: 'something went wrong inside Peregrine', words: { key: 'contractError.internal' } });
    assert.deepEqual(received('garbage'), { code: 'internal', refusal: undefined, message: 'something went wrong inside Peregrine', words: { key: 'contractError.internal' } });
  });
});
