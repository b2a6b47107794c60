import type { CommandInput, CommandName, CommandResult } from './commands.js';
import { z } from '../domain/zod.js';
import type { ContractErrorBody } from './errors.js';
import type { EventName, EventPayload } from './events.js';

/**
 * The messages every transport carries (WebSocket, the control socket's JSON
 * lines, Electron IPC): calls with an id, their replies, and numbered events.
 */
export const callMessage = z.strictObject({
  id: z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER)),
  method: z.string().check(z.minLength(1), z.maxLength(64)),
  input: z.unknown(),
});
export type CallMessage = z.infer<typeof callMessage>;

export type Reply<Result = unknown> = { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly error: ContractErrorBody };
export type ReplyMessage = { readonly id: number } & Reply;

/** One event with its sequence number; narrowing on `event` types the payload. */
export type EventMessage = { readonly [E in EventName]: { readonly seq: number; readonly event: E; readonly payload: EventPayload<E> } }[EventName];

/** What a client of the contract can do, whatever carries it. */
export interface ContractClient {
  call<M extends CommandName>(method: M, input: CommandInput<M>): Promise<CommandResult<M>>;
  /** Listens to every event, in order; returns the function that stops listening. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}
