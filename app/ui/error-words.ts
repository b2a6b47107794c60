import { isContractErrorCode } from '../contract/errors.js';
import type { Words } from './task-words.js';

/**
 * Words for a failed call: a contract error by its code, a lost connection, or
 * anything else as an internal fault. A request found not valid is said in
 * the catalogue's sentence; the validator's message ("ids.0: Too small: …")
 * is its detail.
 */
export function errorWords(error: unknown): Words {
  if (typeof error === 'object' && error !== null) {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    if (name === 'NotConnectedError') return { key: 'connection.lost' };
    const text = typeof message === 'string' ? message : '';
    if (code === 'invalid_input') return text === '' ? { key: 'contractError.invalid_input' } : { key: 'contractError.invalid_input', detail: text };
    if (isContractErrorCode(code)) return { key: `contractError.${code}`, params: { message: text } };
  }
  return { key: 'contractError.internal' };
}
