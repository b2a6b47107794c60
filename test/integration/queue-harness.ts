import path from 'node:path';
import type { Task } from '../../app/domain/task.js';
import { systemClock, type Clock } from '../../main/engine/clock.js';
import { nodeFileSystem } from '../../main/engine/file-system.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import { DownloadQueue } from '../../main/queue/download-queue.js';
import { SwitchableNetworkMonitor } from '../../main/queue/network-monitor.js';
import { defaultQueueSettings, type QueueSettings } from '../../main/queue/queue-settings.js';
import { GroupStore } from '../../main/store/group-store.js';
import { openDatabase } from '../../main/store/open-database.js';
import { TaskStore } from '../../main/store/task-store.js';
import type { Sandbox } from './engine-harness.js';

/** A real queue on a real database file in the sandbox, with fast retries and a network switch. */
export interface QueueRig {
  readonly queue: DownloadQueue;
  readonly tasks: TaskStore;
  readonly groups: GroupStore;
  readonly network: SwitchableNetworkMonitor;
  /** Every state each task went through, in order. */
  readonly history: Map<number, string[]>;
  /** The most tasks running at once so far. */
  peakRunning(): number;
  close(): Promise<void>;
}

export function makeQueueRig(box: Sandbox, settings: Partial<QueueSettings> = {}, dbName = 'queue.db', clock: Clock = systemClock): QueueRig {
  const db = openDatabase(path.join(box.aside, dbName));
  const tasks = new TaskStore(db, () => clock.now());
  const groups = new GroupStore(db, () => clock.now());
  const network = new SwitchableNetworkMonitor(true);
  const queue = new DownloadQueue(
    { tasks, groups, http: createGotHttpClient(), fs: nodeFileSystem, clock, network, random: () => 0.5 },
    {
      ...defaultQueueSettings,
      retryBaseMs: 20,
      checkpointFlushMs: 50,
      limits: { ...defaultQueueSettings.limits, connectTimeoutMs: 5_000, idleTimeoutMs: 5_000, checkpointIntervalMs: 50 },
      ...settings,
    },
  );
  const history = new Map<number, string[]>();
  let peak = 0;
  queue.events.on('taskChanged', (task) => {
    history.set(task.id, [...(history.get(task.id) ?? []), task.state]);
    // A task announced running as it is claimed is not yet counted by runningCount; one announced again while it runs is.
    peak = Math.max(peak, queue.runningCount + (task.state === 'running' && queue.progressOf(task.id) === undefined ? 1 : 0));
  });
  return {
    queue,
    tasks,
    groups,
    network,
    history,
    peakRunning: () => peak,
    close: async () => {
      // Idempotent: a test may close its rig and the shared afterEach closes it again.
      if (!db.open) return;
      await queue.stop('interrupt');
      db.close();
    },
  };
}

/** Resolves when `predicate` holds for the task, failing after `timeoutMs`. */
export function waitForTask(rig: QueueRig, id: number, predicate: (task: Task) => boolean, timeoutMs = 15_000): Promise<Task> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const task = rig.tasks.get(id);
      if (task !== undefined && predicate(task)) {
        clearTimeout(timer);
        stop();
        resolve(task);
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`task ${id} did not get there in ${timeoutMs} ms; it is ${rig.tasks.get(id)?.state}`));
    }, timeoutMs);
    const stop = rig.queue.events.on('taskChanged', () => void check());
    check();
  });
}

export const isState =
  (...states: string[]) =>
  (task: Task): boolean =>
    states.includes(task.state);

/** Resolves once the task's transfer has received at least `bytes`. */
export async function waitForBytes(rig: QueueRig, id: number, bytes: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((rig.queue.progressOf(id)?.bytes ?? 0) < bytes) {
    if (Date.now() > deadline) throw new Error(`task ${id} did not reach ${bytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
