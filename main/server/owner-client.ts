import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CommandInput, CommandName, CommandResult } from '../../app/contract/commands.js';
import { ContractError } from '../../app/contract/errors.js';
import type { ContractClient, EventMessage, ReplyMessage } from '../../app/contract/messages.js';

/**
 * One owner per database: the process that runs the queue listens on a
 * control socket beside the database, speaking the contract as JSON lines.
 * The CLI becomes its client instead of changing rows under it.
 */
export function controlSocketPath(databaseFile: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(path.resolve(databaseFile)).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\peregrine-${hash}`;
  const beside = `${path.resolve(databaseFile)}.sock`;
  // Unix socket paths are limited to about 100 bytes.
  return Buffer.byteLength(beside) <= 100 ? beside : path.join(os.tmpdir(), `peregrine-${hash}.sock`);
}

export interface OwnerClient extends ContractClient {
  /** Resolves when the connection is gone: closed here, or the owner went away. */
  readonly closed: Promise<void>;
  /** True once the connection is gone (set before the calls still waiting are failed). */
  readonly gone: boolean;
  close(): void;
}

/** A client of the live owner, or undefined when nobody listens (no socket, or a stale one). */
export async function connectToOwner(socketPath: string): Promise<OwnerClient | undefined> {
  const socket = await new Promise<net.Socket | undefined>((resolve) => {
    const attempt = net.connect(socketPath);
    attempt.once('connect', () => resolve(attempt));
    attempt.once('error', () => resolve(undefined));
  });
  if (socket === undefined) return undefined;
  socket.setEncoding('utf8');
  const waiting = new Map<number, (reply: ReplyMessage) => void>();
  const listeners = new Set<(message: EventMessage) => void>();
  let pending = '';
  socket.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const message = JSON.parse(pending.slice(0, end)) as ReplyMessage | EventMessage;
      pending = pending.slice(end + 1);
      if ('seq' in message) for (const listener of listeners) listener(message);
      else waiting.get(message.id)?.(message);
    }
  });
  const lost = new ContractError('internal', 'the Peregrine process that owns the database went away');
  let gone = false;
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      gone = true;
      for (const answer of waiting.values()) answer({ id: 0, ok: false, error: lost.toBody() });
      waiting.clear();
      resolve();
    });
  });
  socket.on('error', () => undefined);
  let nextId = 0;
  return {
    call: <M extends CommandName>(method: M, input: CommandInput<M>): Promise<CommandResult<M>> =>
      new Promise((resolve, reject) => {
        nextId += 1;
        const id = nextId;
        waiting.set(id, (reply) => {
          waiting.delete(id);
          if (reply.ok) resolve(reply.result as CommandResult<M>);
          else reject(ContractError.fromWire(reply.error));
        });
        socket.write(`${JSON.stringify({ id, method, input })}\n`);
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed,
    get gone() {
      return gone;
    },
    close: () => socket.destroy(),
  };
}
