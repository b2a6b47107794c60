import { ContractError } from '../../../app/contract/errors.js';
import type { ContractClient } from '../../../app/contract/messages.js';
import type { ConnectionState, PeregrineClient } from './peregrine-client.js';

/**
 * The Electron preload bridge already speaks the contract (window.peregrine);
 * IPC to the own main process does not drop, so it is always open. An error
 * crosses contextBridge as a plain object: it is checked against the
 * contract's schema, as one from the WebSocket is, and comes out a ContractError.
 */
export function preloadClient(bridge: ContractClient): PeregrineClient {
  const open: ConnectionState = { kind: 'open' };
  return {
    call: (method, input) =>
      bridge.call(method, input).catch((error: unknown) => {
        throw ContractError.fromWire(error);
      }),
    onEvent: (listener) => bridge.onEvent(listener),
    connection: () => open,
    onConnection: () => () => undefined,
    reconnect: () => undefined,
  };
}
