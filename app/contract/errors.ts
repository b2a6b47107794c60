import type { TaskState } from '../domain/task-state.js';

/**
 * What can go wrong with a call, as every client sees it: a code from this
 * closed set and words for the user. Never a stack trace, never `unknown`.
 */
export const contractErrorCodes = {
  /** The input does not match the command's schema (or the command does not exist). */
  invalid_input: 'the request is not valid',
  /** No task or group with that id. */
  not_found: 'not found',
  /** The command does not apply in the task's state, or the host cannot do it. */
  refused: 'refused',
  /** The database refused the write; nothing changed. */
  store_failed: 'the download list could not be saved',
  /** A fault of Peregrine's own; it was logged. */
  internal: 'something went wrong inside Peregrine',
} as const;

export type ContractErrorCode = keyof typeof contractErrorCodes;

export interface ContractErrorBody {
  readonly code: ContractErrorCode;
  readonly message: string;
  /** For `refused`: the state the task was in. */
  readonly state?: TaskState | undefined;
}

/** Thrown by handlers and by clients; serializes to exactly its body. */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(
    readonly code: ContractErrorCode,
    message: string = contractErrorCodes[code],
    readonly state?: TaskState,
  ) {
    super(message);
  }

  toBody(): ContractErrorBody {
    return this.state === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, state: this.state };
  }

  static fromBody(body: ContractErrorBody): ContractError {
    return new ContractError(body.code, body.message, body.state);
  }
}

export function isContractErrorCode(value: unknown): value is ContractErrorCode {
  return typeof value === 'string' && Object.hasOwn(contractErrorCodes, value);
}
