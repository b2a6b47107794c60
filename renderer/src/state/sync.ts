import type { EventMessage } from '../../../app/contract/messages.js';
import { decodeSnapshot } from '../../../app/contract/wire-snapshot.js';
import type { PeregrineClient } from '../client/peregrine-client.js';
import type { AppStore } from './app-store.js';

/**
 * Joins a client to the store: a snapshot on every (re)connection and on a
 * gap in the event numbers; events that arrive while a snapshot is on its way
 * wait, then those newer than it are applied. Returns the function that stops.
 */
export function startSync(client: PeregrineClient, store: AppStore, now: () => number = Date.now): () => void {
  let waiting: EventMessage[] | null = null;

  const resync = async (): Promise<void> => {
    if (waiting !== null) return;
    waiting = [];
    try {
      const snapshot = decodeSnapshot(await client.call('snapshot', {}));
      store.getState().applySnapshot(snapshot, now());
    } catch {
      // Lost on the way: the next `open` asks again.
      waiting = null;
      return;
    }
    const held = waiting;
    waiting = null;
    for (const message of held) receive(message);
  };

  const receive = (message: EventMessage): void => {
    if (waiting !== null) {
      waiting.push(message);
      return;
    }
    if (store.getState().applyEvent(message, now()) === 'gap') void resync();
  };

  const stopEvents = client.onEvent(receive);
  const stopConnection = client.onConnection((connection) => {
    store.getState().setConnection(connection);
    if (connection.kind === 'open') void resync();
  });
  store.getState().setConnection(client.connection());
  if (client.connection().kind === 'open') void resync();

  return () => {
    stopEvents();
    stopConnection();
  };
}
