import type { StateCreator } from 'zustand/vanilla';
import type { EventMessage } from '../../../app/contract/messages.js';
import type { GroupView, Snapshot, TaskProgress, TaskView } from '../../../app/contract/views.js';
import { groupRowKey, taskRowKey } from '../../../app/ui/task-rows.js';
import type { AppState } from './app-state.js';
import { withSample } from './connection-slice.js';
import { withoutKeys } from './selection-slice.js';
import { byAdded, movesRows } from './tasks-slice.js';

/** What became of an event: applied, already reflected by the snapshot, or after a gap (take a new snapshot). */
export type EventOutcome = 'applied' | 'stale' | 'gap';

/** Keeps the store true to the service: a snapshot, then each numbered event exactly once and in order. */
export interface SyncSlice {
  applySnapshot(snapshot: Snapshot, now: number): void;
  applyEvent(message: EventMessage, now: number): EventOutcome;
}

export const createSyncSlice: StateCreator<AppState, [], [], SyncSlice> = (set, get) => ({
  applySnapshot(snapshot, now) {
    // One pass over the tasks, which can be 10,000: the first window waits for it.
    const tasks = new Map<number, TaskView>();
    let sorted = true;
    let previous: TaskView | undefined;
    for (const task of snapshot.tasks) {
      tasks.set(task.id, task);
      if (previous !== undefined && byAdded(previous, task) > 0) sorted = false;
      previous = task;
    }
    const inOrder = sorted ? snapshot.tasks : [...snapshot.tasks].sort(byAdded);
    const groups = new Map(snapshot.groups.map((group) => [group.id, group]));
    const state = get();
    const gone = new Set([...state.selected].filter((key) => !isRowOf(key, tasks, groups)));
    set({
      tasks,
      order: inOrder.map((task) => task.id),
      groups,
      progress: new Map(snapshot.progress.map((entry) => [entry.id, entry])),
      settings: snapshot.settings,
      defaultDir: snapshot.defaultDir,
      stats: snapshot.stats,
      seq: snapshot.seq,
      speedHistory: withSample(state.speedHistory, { at: now, speed: snapshot.stats.speed }),
      listVersion: state.listVersion + 1,
      progressVersion: state.progressVersion + 1,
      selected: withoutKeys(state.selected, gone),
      detailsId: state.detailsId !== null && tasks.has(state.detailsId) ? state.detailsId : null,
    });
  },

  applyEvent(message, now) {
    const { seq } = get();
    if (seq === null || message.seq <= seq) return 'stale';
    if (message.seq !== seq + 1) return 'gap';
    set({ seq: message.seq });
    apply(message, now, get, set);
    return 'applied';
  },
});

/** Whether a row key (taskRowKey, groupRowKey) still names a task or group. */
function isRowOf(key: string, tasks: ReadonlyMap<number, TaskView>, groups: ReadonlyMap<number, GroupView>): boolean {
  const id = Number(key.slice(1));
  return key === taskRowKey(id) ? tasks.has(id) : key === groupRowKey(id) && groups.has(id);
}

type Get = () => AppState;
type Set = (partial: Partial<AppState>) => void;

function apply(message: EventMessage, now: number, get: Get, set: Set): void {
  switch (message.event) {
    case 'tasks.added':
    case 'tasks.changed':
      return upsertTasks(message.payload.tasks, get, set);
    case 'tasks.removed':
      return removeTasks(message.payload.removed.map((entry) => entry.id), get, set);
    case 'tasks.progress':
      return patchProgress(message.payload.progress, get, set);
    case 'stats.changed': {
      const stats = message.payload;
      return set({ stats, speedHistory: withSample(get().speedHistory, { at: now, speed: stats.speed }) });
    }
    case 'groups.changed':
      return upsertGroups(message.payload.groups, get, set);
    case 'groups.removed':
      return removeGroups(message.payload.ids, get, set);
    case 'groups.settled': {
      const { group, failedIds } = message.payload;
      upsertGroups([group], get, set);
      get().toast(
        failedIds.length === 0 ? { key: 'toast.groupDone', params: { name: group.name } } : { key: 'toast.groupFailed', params: { name: group.name, count: failedIds.length } },
        failedIds.length === 0 ? 'info' : 'error',
      );
      return;
    }
    case 'settings.changed':
      return set({ settings: message.payload });
    case 'notice': {
      const notice = message.payload;
      get().toast({ key: `notice.${notice.code}` }, 'error');
      return;
    }
  }
}

function upsertTasks(changed: readonly TaskView[], get: Get, set: Set): void {
  const state = get();
  const tasks = new Map(state.tasks);
  let progress = state.progress;
  let added: number[] | null = null;
  let moved = false;
  for (const task of changed) {
    const before = tasks.get(task.id);
    if (before === undefined) (added ??= []).push(task.id);
    moved ||= movesRows(before, task);
    tasks.set(task.id, task);
    // Live numbers belong to a running download only; a stopped one shows what is on disk.
    if (task.state !== 'running' && progress.has(task.id)) {
      if (progress === state.progress) progress = new Map(progress);
      (progress as Map<number, TaskProgress>).delete(task.id);
    }
  }
  set({
    tasks,
    progress,
    order: added === null ? state.order : [...state.order, ...added],
    listVersion: moved ? state.listVersion + 1 : state.listVersion,
  });
}

function removeTasks(ids: readonly number[], get: Get, set: Set): void {
  const state = get();
  const gone = new Set(ids);
  const tasks = new Map(state.tasks);
  const progress = new Map(state.progress);
  for (const id of ids) {
    tasks.delete(id);
    progress.delete(id);
  }
  set({
    tasks,
    progress,
    order: state.order.filter((id) => !gone.has(id)),
    listVersion: state.listVersion + 1,
    selected: withoutKeys(state.selected, new Set(ids.map(taskRowKey))),
    detailsId: state.detailsId !== null && gone.has(state.detailsId) ? null : state.detailsId,
  });
}

function patchProgress(batch: readonly TaskProgress[], get: Get, set: Set): void {
  const state = get();
  const progress = new Map(state.progress);
  for (const entry of batch) {
    // A batch can trail the change that stopped a download; it must not bring its live numbers back.
    if (state.tasks.get(entry.id)?.state === 'running') progress.set(entry.id, entry);
  }
  set({ progress, progressVersion: state.progressVersion + 1 });
}

function upsertGroups(changed: readonly GroupView[], get: Get, set: Set): void {
  const state = get();
  const groups = new Map(state.groups);
  const moved = changed.some((group) => groups.get(group.id)?.name !== group.name);
  for (const group of changed) groups.set(group.id, group);
  set({ groups, listVersion: moved ? state.listVersion + 1 : state.listVersion });
}

function removeGroups(ids: readonly number[], get: Get, set: Set): void {
  const state = get();
  const groups = new Map(state.groups);
  for (const id of ids) groups.delete(id);
  set({
    groups,
    listVersion: state.listVersion + 1,
    selected: withoutKeys(state.selected, new Set(ids.map(groupRowKey))),
    groupFilter: state.groupFilter !== null && ids.includes(state.groupFilter) ? null : state.groupFilter,
  });
}
