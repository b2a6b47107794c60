import { builtOnFirstUse } from '../domain/built-on-first-use.js';
import { refusalCodes, type RefusalCode } from '../domain/refusal-code.js';
import { taskStates, type TaskState } from '../domain/task-state.js';
import { z } from '../domain/zod.js';

export { refusalCodes, type RefusalCode } from '../domain/refusal-code.js';

/**
 * What can go wrong with a call, as every client sees it: a code from this
 * closed set and words for the user. Never a stack trace, never `unknown`.
 */
export const contractErrorCodes = {
  /** The input does not match the command's schema (or the command does not exist). */
  invalid_input: 'the request is not valid',
  /** No task or group with that id. */
  not_found: 'not found',
  /** The command does not apply in the task's state, or the host cannot do it; `refusal` says which. */
  refused: 'refused',
  /** The database refused the write; nothing changed. */
  store_failed: 'the download list could not be saved',
  /** A fault of Peregrine's own; it was logged. */
  internal: 'something went wrong inside Peregrine',
} as const;

export type ContractErrorCode = keyof typeof contractErrorCodes;

/**
 * An error as it crosses the contract. A refusal carries its code from the
 * closed set (clients say it in their words) and the state the task was in;
 * `message` is the service's English, for logs, scripts and a user's report.
 * This version always sends a refusal's code; one received without a code
 * this side knows (an older peer sent none, a newer one may send a new one)
 * is still a refusal, said in general words, its message kept.
 */
export type ContractErrorBody =
  | {
      readonly code: 'refused';
      readonly refusal: RefusalCode | undefined;
      readonly message: string;
      readonly state?: TaskState | undefined;
    }
  | {
      readonly code: Exclude<ContractErrorCode, 'refused'>;
      readonly message: string;
      readonly refusal?: undefined;
      readonly state?: undefined;
    };

/** An error body as this version sends it (the local API documents it so). */
export const contractErrorBody = builtOnFirstUse(() =>
  z.union([
    z.object({ code: z.literal('refused'), refusal: z.enum(refusalCodes), message: z.string(), state: z.optional(z.enum(taskStates)) }),
    z.object({ code: z.enum(['invalid_input', 'not_found', 'store_failed', 'internal']), message: z.string() }),
  ]),
);

/** A refusal from a peer of another version, with no refusal code or one this side does not know: a refusal still, with its words. */
const refusalWithoutKnownCode = builtOnFirstUse(() => z.object({ code: z.literal('refused'), message: z.string() }));

type ErrorArguments =
  | readonly [code: Exclude<ContractErrorCode, 'refused'>, message?: string | undefined]
  /** `refusal` undefined only for a refusal received without a code this side knows. */
  | readonly [code: 'refused', message: string, refusal: RefusalCode | undefined, state?: TaskState | undefined];

/** Thrown by handlers and by clients; serializes to exactly its body. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  private readonly body: ContractErrorBody;

  constructor(...args: ErrorArguments) {
    super(args[1] ?? contractErrorCodes[args[0]]);
    this.body =
      args[0] === 'refused'
        ? { code: 'refused', refusal: args[2], message: this.message, ...(args[3] === undefined ? {} : { state: args[3] }) }
        : { code: args[0], message: this.message };
  }

  get code(): ContractErrorCode {
    return this.body.code;
  }

  /** For `refused`: why, from the closed set. */
  get refusal(): RefusalCode | undefined {
    return this.body.refusal;
  }

  /** For `refused`: the state the task was in. */
  get state(): TaskState | undefined {
    return this.body.state;
  }

  toBody(): ContractErrorBody {
    return this.body;
  }

  static fromBody(body: ContractErrorBody): ContractError {
    return body.code === 'refused' ? new ContractError('refused', body.message, body.refusal, body.state) : new ContractError(body.code, body.message);
  }

  /**
   * An error body as received: checked against the contract's schema; a
   * refusal without a code this side knows is a refusal still, and anything
   * else this side cannot read is taken as an internal fault, its words kept.
   */
  static fromWire(value: unknown): ContractError {
    const parsed = contractErrorBody().safeParse(value);
    if (parsed.success) return ContractError.fromBody(parsed.data);
    const refusal = refusalWithoutKnownCode().safeParse(value);
    if (refusal.success) return new ContractError('refused', refusal.data.message, undefined);
    const message = typeof value === 'object' && value !== null && 'message' in value ? String(value.message) : undefined;
    return new ContractError('internal', message);
  }
}
