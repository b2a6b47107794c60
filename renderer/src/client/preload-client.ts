import type { ContractClient } from '../../../app/contract/messages.js';
import type { ConnectionState, PeregrineClient } from './peregrine-client.js';

/**
 * The Electron preload bridge already speaks the contract (window.peregrine);
 * IPC to the own main process does not drop, so it is always open.
 */
export function preloadClient(bridge: ContractClient): PeregrineClient {
  const open: ConnectionState = { kind: 'open' };
  return {
    call: (method, input) => bridge.call(method, input),
    onEvent: (listener) => bridge.onEvent(listener),
    connection: () => open,
    onConnection: () => () => undefined,
    reconnect: () => undefined,
  };
}
