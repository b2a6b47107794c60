import { ContractError } from '../../app/contract/errors.js';
import { CommandRefusedError } from '../queue/download-queue.js';
import { InvalidSettingsError } from '../store/settings-store.js';
import { StoreError } from '../store/open-database.js';
import { InvalidTransitionError, UnknownTaskError } from '../store/task-store.js';
import { isSqliteError } from './sqlite-error.js';

/**
 * What a client is told about a failed call: a code from the closed set and
 * words. A fault of our own is logged with its stack and reported as
 * `internal`, never passed through.
 */
export function toContractError(error: unknown, log: (message: string, error: unknown) => void): ContractError {
  if (error instanceof ContractError) return error;
  if (error instanceof UnknownTaskError) return new ContractError('not_found', error.message);
  if (error instanceof CommandRefusedError) return new ContractError('refused', error.message, error.refusal, error.state);
  // Another command moved the task between reading it and changing it.
  if (error instanceof InvalidTransitionError) return new ContractError('refused', error.message, 'state_changed', error.from);
  if (error instanceof InvalidSettingsError) return new ContractError('invalid_input', error.message);
  if (error instanceof StoreError || isSqliteError(error)) {
    log('the database refused a change', error);
    return new ContractError('store_failed', `the download list could not be saved: ${(error as Error).message}`);
  }
  log('a command failed unexpectedly', error);
  return new ContractError('internal');
}
