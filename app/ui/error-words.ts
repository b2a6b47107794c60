import { contractErrorCodes, isContractErrorCode, isRefusalCode, type ContractErrorCode } from '../contract/errors.js';
import type { Words } from './task-words.js';

/**
 * Words for an error the service sent: a refusal by its code, any other error
 * by its contract code. A bulk command's refusals for one reason are said
 * once, for `count` downloads (downloads gone from the list counted too). The
 * sentence is the catalogue's; the service's own English, when it says more
 * than the code, is the detail under it.
 */
export function contractErrorWords(error: { readonly code: ContractErrorCode; readonly refusal?: unknown; readonly message: string }, count?: number): Words {
  const detail = error.message === '' || error.message === contractErrorCodes[error.code] ? {} : { detail: error.message };
  // A refusal code this window does not know (a newer service) is still a refusal.
  if (error.code === 'refused' && isRefusalCode(error.refusal)) return { key: `refusal.${error.refusal}`, params: { count: count ?? 1 }, ...detail };
  if (error.code === 'not_found' && count !== undefined) return { key: 'toast.notFound', params: { count }, ...detail };
  return { key: `contractError.${error.code}`, ...detail };
}

/** Words for a failed call: a contract error, a lost connection, or anything else as an internal fault. */
export function errorWords(error: unknown): Words {
  if (typeof error === 'object' && error !== null) {
    const { name, code, refusal, message } = error as { name?: unknown; code?: unknown; refusal?: unknown; message?: unknown };
    if (name === 'NotConnectedError') return { key: 'connection.lost' };
    if (isContractErrorCode(code)) return contractErrorWords({ code, refusal, message: typeof message === 'string' ? message : '' });
  }
  return { key: 'contractError.internal' };
}
