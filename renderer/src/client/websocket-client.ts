import type { CommandInput, CommandName, CommandResult } from '../../../app/contract/commands.js';
import { ContractError } from '../../../app/contract/errors.js';
import type { EventMessage, ReplyMessage } from '../../../app/contract/messages.js';
import { NotConnectedError, type ConnectionState, type PeregrineClient } from './peregrine-client.js';

export interface WebSocketClientOptions {
  readonly url: string;
  /** First wait after a loss; doubles up to `maxDelayMs`. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Says whether a failed connection was refused for its credentials (then it stops retrying). */
  readonly isUnauthorized?: () => Promise<boolean>;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Calls and events on one socket. Replies are matched by id; events are passed
 * on in order with their sequence numbers. A lost socket fails its pending
 * calls at once and comes back with a growing, jittered delay.
 */
export class WebSocketClient implements PeregrineClient {
  private socket: WebSocket | null = null;
  private state: ConnectionState = { kind: 'connecting' };
  private nextId = 1;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(message: EventMessage) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: WebSocketClientOptions) {
    this.minDelayMs = options.minDelayMs ?? 300;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.open();
  }

  connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  call<M extends CommandName>(method: M, input: CommandInput<M>): Promise<CommandResult<M>> {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return Promise.reject(new NotConnectedError());
    const id = this.nextId++;
    return new Promise<CommandResult<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, input }));
    });
  }

  reconnect(): void {
    if (this.state.kind !== 'lost' && this.state.kind !== 'unauthorized') return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.open();
  }

  private open(): void {
    this.setState({ kind: 'connecting' });
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.failures = 0;
      this.setState({ kind: 'open' });
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') this.receive(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failAll();
      void this.scheduleReconnect();
    });
  }

  private async scheduleReconnect(): Promise<void> {
    if ((await this.options.isUnauthorized?.()) === true) {
      this.setState({ kind: 'unauthorized' });
      return;
    }
    this.failures += 1;
    const ceiling = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** (this.failures - 1));
    // Half to all of the ceiling, so many windows do not knock at the same instant.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.setState({ kind: 'lost', retryAt: Date.now() + delay });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.open();
    }, delay);
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('seq' in message) {
      for (const listener of this.eventListeners) listener(message as EventMessage);
      return;
    }
    const reply = message as ReplyMessage;
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(ContractError.fromWire(reply.error));
  }

  private failAll(): void {
    for (const pending of this.pending.values()) pending.reject(new NotConnectedError());
    this.pending.clear();
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }
}


