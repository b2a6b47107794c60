import { ContractError, contractErrorCodes } from '../contract/errors.js';
import type { Words } from './task-words.js';

/**
 * Words for an error the service sent, as every client hands it on (checked
 * against the contract's schema by ContractError.fromWire): a refusal by its
 * code, any other error by its contract code. A bulk command's refusals for
 * one reason are said once, for `count` downloads (downloads gone from the
 * list counted too). The sentence is the catalogue's; the service's own
 * English, when it says more than the code, is the detail under it.
 */
export function contractErrorWords(error: ContractError, count?: number): Words {
  const detail = error.message === '' || error.message === contractErrorCodes[error.code] ? {} : { detail: error.message };
  // A refusal without a code this window knows (an older or a newer service) is still a refusal.
  if (error.code === 'refused' && error.refusal !== undefined) return { key: `refusal.${error.refusal}`, params: { count: count ?? 1 }, ...detail };
  if (error.code === 'not_found' && count !== undefined) return { key: 'toast.notFound', params: { count }, ...detail };
  return { key: `contractError.${error.code}`, ...detail };
}

/** Words for a failed call: a contract error, a lost connection, or anything else as an internal fault. */
export function errorWords(error: unknown): Words {
  if (error instanceof ContractError) return contractErrorWords(error);
  if (typeof error === 'object' && error !== null && 'name' in error && error.name === 'NotConnectedError') return { key: 'connection.lost' };
  return { key: 'contractError.internal' };
}
