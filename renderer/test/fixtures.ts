import type { EventName, EventPayload } from '../../app/contract/events.js';
import type { EventMessage } from '../../app/contract/messages.js';
import type { GroupView, Snapshot, Stats, TaskProgress, TaskView } from '../../app/contract/views.js';
import { defaultSettings } from '../../app/domain/default-settings.js';

export function task(id: number, fields: Partial<TaskView> = {}): TaskView {
  return {
    id, groupId: null, url: `https://h.example/file-${id}.bin`, dir: '/tmp', fileName: `file-${id}.bin`, state: 'queued', reason: null, message: null, httpStatus: null,
    totalBytes: 1000, doneBytes: 0, checksum: null, speedLimit: null, connections: null, priority: 0, attempts: 0, nextAttemptAt: null,
    createdAt: id * 10, finishedAt: null, headerNames: [], ...fields,
  };
}

export function group(id: number, fields: Partial<GroupView> = {}): GroupView {
  return { id, name: `Group ${id}`, createdAt: 5, settledAt: null, count: 2, byState: { queued: 2 }, doneBytes: 0, totalBytes: 2000, state: 'active', ...fields };
}

export function progress(id: number, bytes: number, speed = 100): TaskProgress {
  return { id, bytes, totalBytes: 1000, speed, etaSeconds: 3, connections: 1 };
}

export const noStats: Stats = {
  speed: 0,
  total: 0,
  byState: { queued: 0, running: 0, paused: 0, retrying: 0, waiting_network: 0, failed: 0, completed: 0, canceled: 0 },
};

export function snapshot(seq: number, tasks: TaskView[], fields: Partial<Snapshot> = {}): Snapshot {
  return { seq, tasks, groups: [], settings: defaultSettings, stats: noStats, progress: [], defaultDir: '/home/me/Downloads', ...fields };
}

export function event<E extends EventName>(seq: number, name: E, payload: EventPayload<E>): EventMessage {
  return { seq, event: name, payload } as EventMessage;
}
