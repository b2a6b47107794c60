import { describe, expect, test } from 'vitest';
import type { CommandName } from '../../app/contract/commands.js';
import type { EventMessage } from '../../app/contract/messages.js';
import type { Snapshot } from '../../app/contract/views.js';
import type { ConnectionState, PeregrineClient } from '../src/client/peregrine-client.js';
import { createAppStore } from '../src/state/app-store.js';
import { startSync } from '../src/state/sync.js';
import { event, progress, snapshot, task } from './fixtures.js';

/** A service on the other end of a client, driven by the test: it answers snapshots when told to. */
function scriptedService() {
  const eventListeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const snapshotRequests: ((snapshot: Snapshot) => void)[] = [];
  let connection: ConnectionState = { kind: 'open' };
  const client: PeregrineClient = {
    call: ((method: CommandName) => {
      if (method !== 'snapshot') return Promise.reject(new Error(`unexpected ${method}`));
      return new Promise<Snapshot>((resolve) => snapshotRequests.push(resolve));
    }) as PeregrineClient['call'],
    onEvent: (listener) => {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    connection: () => connection,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    reconnect: () => undefined,
  };
  return {
    client,
    snapshotRequests,
    emit: (message: EventMessage) => eventListeners.forEach((listener) => listener(message)),
    setConnection(state: ConnectionState) {
      connection = state;
      connectionListeners.forEach((listener) => listener(state));
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('startSync', () => {
  test('events that arrive while the snapshot is on its way are applied after it, once', async () => {
    const service = scriptedService();
    const store = createAppStore();
    startSync(service.client, store, () => 0);
    expect(service.snapshotRequests).toHaveLength(1);
    service.emit(event(3, 'tasks.added', { tasks: [task(3)] }));
    service.emit(event(4, 'tasks.added', { tasks: [task(4)] }));
    service.snapshotRequests[0]?.(snapshot(3, [task(1), task(3)]));
    await settle();
    expect(store.getState().order).toEqual([1, 3, 4]);
    expect(store.getState().seq).toBe(4);
  });

  test('a gap in the numbers takes a new snapshot', async () => {
    const service = scriptedService();
    const store = createAppStore();
    startSync(service.client, store, () => 0);
    service.snapshotRequests[0]?.(snapshot(1, [task(1)]));
    await settle();
    service.emit(event(3, 'tasks.added', { tasks: [task(3)] }));
    expect(service.snapshotRequests).toHaveLength(2);
    service.snapshotRequests[1]?.(snapshot(3, [task(1), task(2), task(3)]));
    await settle();
    expect(store.getState().order).toEqual([1, 2, 3]);
  });

  test('a reconnection takes a new snapshot and the banner state follows', async () => {
    const service = scriptedService();
    const store = createAppStore();
    startSync(service.client, store, () => 0);
    service.snapshotRequests[0]?.(snapshot(8, [task(1)]));
    await settle();
    service.setConnection({ kind: 'lost', retryAt: 1 });
    expect(store.getState().connection.kind).toBe('lost');
    service.setConnection({ kind: 'open' });
    // A restarted service numbers from the start again.
    service.snapshotRequests[1]?.(snapshot(0, [task(1), task(2)]));
    await settle();
    expect(store.getState().connection.kind).toBe('open');
    expect(store.getState().seq).toBe(0);
    expect(store.getState().order).toEqual([1, 2]);
  });

  test('while the service is out of reach, no live number stays on screen as if it were still true', async () => {
    const service = scriptedService();
    const store = createAppStore();
    startSync(service.client, store, () => 0);
    service.snapshotRequests[0]?.(snapshot(1, [task(1, { state: 'running', doneBytes: 100 })], { progress: [progress(1, 400)] }));
    await settle();
    expect(store.getState().progress.get(1)?.bytes).toBe(400);
    service.setConnection({ kind: 'lost', retryAt: 1 });
    // The row keeps the bytes last seen, without a speed, time left or connections; the total speed is not known either.
    expect(store.getState().progress.get(1)).toMatchObject({ bytes: 400, speed: 0, etaSeconds: null, connections: 0 });
    expect(store.getState().stats?.speed).toBe(0);
    service.setConnection({ kind: 'open' });
    service.snapshotRequests[1]?.(snapshot(2, [task(1, { state: 'running', doneBytes: 500 })], { progress: [progress(1, 600)] }));
    await settle();
    expect(store.getState().progress.get(1)?.bytes).toBe(600);
  });
});

