import { describe, expect, test } from 'vitest';
import { ContractError } from '../../app/contract/errors.js';
import type { ContractClient } from '../../app/contract/messages.js';
import { errorWords } from '../../app/ui/error-words.js';
import { preloadClient } from '../src/client/preload-client.js';

/** The Electron bridge as the preload exposes it: its calls reject with the plain object that crossed contextBridge. */
function bridgeRejecting(body: unknown): ContractClient {
  return {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what contextBridge hands over is a plain object
    call: () => Promise.reject(body),
    onEvent: () => () => undefined,
  };
}

/** What a call through the preload client rejects with. */
async function rejection(body: unknown): Promise<unknown> {
  return preloadClient(bridgeRejecting(body))
    .call('tasks.open', { id: 1 })
    .then(
      () => expect.unreachable('the call was answered'),
      (error: unknown) => error,
    );
}

describe('errors through the Electron bridge are checked against the contract, as over the WebSocket', () => {
  test('a refusal comes out as a ContractError with its code, state and the service words', async () => {
    const error = await rejection({ name: 'ContractError', code: 'refused', refusal: 'open_failed', message: 'no application for .iso', state: 'completed' });
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'refused', refusal: 'open_failed', state: 'completed', message: 'no application for .iso' });
    expect(errorWords(error)).toEqual({ key: 'refusal.open_failed', params: { count: 1 }, detail: 'no application for .iso' });
  });

  test('a refusal without a code (an older main process) is a refusal in general words', async () => {
    const error = await rejection({ name: 'ContractError', code: 'refused', message: 'task 1 is not finished' });
    expect(error).toBeInstanceOf(ContractError);
    expect(errorWords(error)).toEqual({ key: 'contractError.refused', detail: 'task 1 is not finished' });
  });

  test('a malformed body is an internal fault, its words kept when it has some', async () => {
    const odd = await rejection({ code: 'exploded', message: 'disk on fire' });
    expect(odd).toBeInstanceOf(ContractError);
    expect(odd).toMatchObject({ code: 'internal', message: 'disk on fire' });
    expect(errorWords(odd)).toEqual({ key: 'contractError.internal', detail: 'disk on fire' });
    expect(errorWords(await rejection({ code: 'invalid_input', message: 42 }))).toEqual({ key: 'contractError.internal', detail: '42' });
    expect(errorWords(await rejection(undefined))).toEqual({ key: 'contractError.internal' });
  });
});
