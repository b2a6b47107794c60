import path from 'node:path';
import type { EventMessage } from '../../app/contract/messages.js';
import type { TaskView } from '../../app/contract/views.js';
import { systemClock, type Clock } from '../../main/engine/clock.js';
import { nodeFileSystem } from '../../main/engine/file-system.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import type { HttpClient } from '../../main/engine/http-client.js';
import { SwitchableNetworkMonitor } from '../../main/queue/network-monitor.js';
import { defaultQueueSettings, type QueueSettings } from '../../main/queue/queue-settings.js';
import { PeregrineService } from '../../main/service/service.js';
import type { HostShell } from '../../main/service/task-files.js';
import { openDatabase } from '../../main/store/open-database.js';
import type { Sandbox } from './engine-harness.js';

/** A real service on a real database file in the sandbox, recording every event it sends. */
export interface ServiceRig {
  readonly service: PeregrineService;
  readonly network: SwitchableNetworkMonitor;
  readonly events: EventMessage[];
  /** Faults the service logged (a test expects none unless it provokes one). */
  readonly logged: string[];
  /** Resolves with the first event (from now on, or already received) that `match` accepts. */
  waitFor(match: (message: EventMessage) => boolean, timeoutMs?: number): Promise<EventMessage>;
  /** Resolves once the task's view (from events) satisfies `predicate`. */
  waitForTask(id: number, predicate: (task: TaskView) => boolean, timeoutMs?: number): Promise<TaskView>;
  close(): Promise<void>;
}

export const fastQueue: QueueSettings = {
  ...defaultQueueSettings,
  retryBaseMs: 20,
  checkpointFlushMs: 50,
  limits: { ...defaultQueueSettings.limits, connectTimeoutMs: 5_000, idleTimeoutMs: 5_000, checkpointIntervalMs: 50 },
};

export function makeServiceRig(box: Sandbox, options: { shell?: HostShell; dbName?: string; clock?: Clock; http?: HttpClient; scoped?: boolean } = {}): ServiceRig {
  const db = openDatabase(path.join(box.aside, options.dbName ?? 'service.db'));
  const network = new SwitchableNetworkMonitor(true);
  const logged: string[] = [];
  const service = new PeregrineService({
    db,
    http: options.http ?? createGotHttpClient(),
    fs: nodeFileSystem,
    clock: options.clock ?? systemClock,
    network,
    random: () => 0.5,
    defaultDir: box.dir,
    shell: options.shell,
    log: (message, error) => logged.push(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    queueBase: fastQueue,
    scoped: options.scoped,
  });
  const events: EventMessage[] = [];
  const waiters = new Set<() => void>();
  service.onEvent((message) => {
    events.push(message);
    for (const waiter of waiters) waiter();
  });
  const waitFor = (match: (message: EventMessage) => boolean, timeoutMs = 15_000): Promise<EventMessage> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = events.find(match);
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event in ${timeoutMs} ms; last: ${JSON.stringify(events.slice(-3)).slice(0, 600)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const latestView = (id: number): TaskView | undefined => {
    for (let i = events.length - 1; i >= 0; i -= 1) {
      const message = events[i];
      if (message?.event === 'tasks.added' || message?.event === 'tasks.changed') {
        const task = message.payload.tasks.find((view) => view.id === id);
        if (task !== undefined) return task;
      }
    }
    return undefined;
  };
  return {
    service,
    network,
    events,
    logged,
    waitFor,
    waitForTask: async (id, predicate, timeoutMs) => {
      await waitFor(() => {
        const view = latestView(id);
        return view !== undefined && predicate(view);
      }, timeoutMs);
      const view = latestView(id);
      if (view === undefined) throw new Error(`no view of task ${id}`);
      return view;
    },
    close: async () => {
      if (!db.open) return;
      await service.stop('interrupt');
      db.close();
    },
  };
}
