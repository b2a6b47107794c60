import type { ContractClient } from '../../../app/contract/messages.js';

/** Whether the service can be reached; the UI shows a banner for anything but `open`. */
export type ConnectionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** Lost; the next attempt is at `retryAt` (ms since the epoch). */
  | { readonly kind: 'lost'; readonly retryAt: number }
  /** The server refused this page's credentials: reconnecting will not help. */
  | { readonly kind: 'unauthorized' };

/**
 * The contract client the UI talks to, whatever carries it (WebSocket or the
 * Electron preload bridge), plus its connection state. A new `open` means
 * events may have been missed: the store takes a new snapshot.
 */
export interface PeregrineClient extends ContractClient {
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Tries again now instead of waiting for the backoff. */
  reconnect(): void;
}

/** A call made while the service cannot be reached. */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
  constructor() {
    super('not connected to Peregrine');
  }
}
