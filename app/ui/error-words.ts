import { isContractErrorCode } from '../contract/errors.js';
import type { Words } from './task-words.js';

/** Words for a failed call: a contract error by its code, a lost connection, or anything else as an internal fault. */
export function errorWords(error: unknown): Words {
  if (typeof error === 'object' && error !== null) {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    if (name === 'NotConnectedError') return { key: 'connection.lost' };
    if (isContractErrorCode(code)) return { key: `contractError.${code}`, params: { message: typeof message === 'string' ? message : '' } };
  }
  return { key: 'contractError.internal' };
}
