import type { GroupView, TaskView } from '../../app/contract/views.js';
import { errorCodes, isErrorCode } from '../../app/domain/error-codes.js';
import type { Settings } from '../../app/domain/settings.js';

/**
 * What the desktop tells the user, decided without Electron (the AOSP
 * DownloadNotifier's role): each completion once, failures with their reason
 * in words, groups when they settle, bursts folded into one notice.
 */
export type DesktopNotice =
  | { readonly kind: 'completed'; readonly taskId: number; readonly title: string; readonly body: string }
  | { readonly kind: 'completedMany'; readonly taskIds: readonly number[]; readonly title: string; readonly body: string }
  | { readonly kind: 'failed'; readonly taskId: number; readonly title: string; readonly body: string }
  | { readonly kind: 'failedMany'; readonly taskIds: readonly number[]; readonly title: string; readonly body: string }
  | { readonly kind: 'groupSettled'; readonly groupId: number; readonly failedIds: readonly number[]; readonly title: string; readonly body: string };

export interface NoticeContext {
  readonly settings: Pick<Settings, 'notifications' | 'notifyWhileFocused'>;
  /** The main window has the focus: the user sees the list already. */
  readonly focused: boolean;
}

/** From this many completions (or failures) in one window on, they become one notice. */
export const clusterFrom = 3;

/**
 * Collects what changed since the last notices and turns it into the next
 * ones. The host calls `take` a moment after the first change, so a burst of
 * completions arrives here together and is told once.
 */
export class DownloadNotifier {
  /** Each task as it was when last told about (or first seen). */
  private readonly told = new Map<number, TaskView>();
  private readonly latest = new Map<number, TaskView>();
  private settled: { readonly group: GroupView; readonly failedIds: readonly number[] }[] = [];

  /** Tasks known before anything is told: the list at start, new tasks as they are added. */
  know(tasks: readonly TaskView[]): void {
    for (const task of tasks) {
      this.told.set(task.id, task);
      this.latest.set(task.id, task);
    }
  }

  observe(tasks: readonly TaskView[]): void {
    for (const task of tasks) this.latest.set(task.id, task);
  }

  forget(ids: readonly number[]): void {
    for (const id of ids) {
      this.told.delete(id);
      this.latest.delete(id);
    }
  }

  groupSettled(group: GroupView, failedIds: readonly number[]): void {
    this.settled.push({ group, failedIds });
  }

  /** Whether anything waits to be told (the host arms its timer on this). */
  get pending(): boolean {
    return this.settled.length > 0 || [...this.latest].some(([id, task]) => this.told.get(id) !== task);
  }

  /** The notices for everything since the last call; what is not shown now (off, focused) is never shown later. */
  take(context: NoticeContext): DesktopNotice[] {
    const completed: TaskView[] = [];
    const failed: TaskView[] = [];
    for (const [id, task] of this.latest) {
      const before = this.told.get(id);
      if (before === task) continue;
      if (task.state === 'completed' && before?.state !== 'completed') completed.push(task);
      if (task.state === 'failed' && before?.state !== 'failed') failed.push(task);
      this.told.set(id, task);
    }
    const settled = this.settled;
    this.settled = [];
    if (!context.settings.notifications || (context.focused && !context.settings.notifyWhileFocused)) return [];

    // A group's own notice speaks for its members.
    const inSettledGroup = new Set(settled.map(({ group }) => group.id));
    const alone = (task: TaskView): boolean => task.groupId === null || !inSettledGroup.has(task.groupId);
    return [
      ...settled.map(({ group, failedIds }) => groupNotice(group, failedIds)),
      ...completionNotices(completed.filter(alone)),
      ...failureNotices(failed.filter(alone)),
    ];
  }
}

function completionNotices(tasks: readonly TaskView[]): DesktopNotice[] {
  if (tasks.length >= clusterFrom) {
    return [{ kind: 'completedMany', taskIds: tasks.map((task) => task.id), title: `${tasks.length} downloads completed`, body: namesOf(tasks) }];
  }
  return tasks.map((task) => ({ kind: 'completed', taskId: task.id, title: 'Download completed', body: nameOf(task) }));
}

function failureNotices(tasks: readonly TaskView[]): DesktopNotice[] {
  if (tasks.length >= clusterFrom) {
    return [{ kind: 'failedMany', taskIds: tasks.map((task) => task.id), title: `${tasks.length} downloads failed`, body: namesOf(tasks) }];
  }
  return tasks.map((task) => ({ kind: 'failed', taskId: task.id, title: 'Download failed', body: `${nameOf(task)}: ${reasonInWords(task)}` }));
}

function groupNotice(group: GroupView, failedIds: readonly number[]): DesktopNotice {
  const completed = group.byState.completed ?? 0;
  const title = failedIds.length === 0 ? `${group.name}: finished` : `${group.name}: finished, ${failedIds.length} failed`;
  return { kind: 'groupSettled', groupId: group.id, failedIds, title, body: `${completed} of ${group.count} downloads completed` };
}

export function reasonInWords(task: TaskView): string {
  if (task.reason !== null && isErrorCode(task.reason)) return errorCodes[task.reason].summary;
  return task.message ?? 'it could not be downloaded';
}

function nameOf(task: TaskView): string {
  return task.fileName ?? task.url;
}

function namesOf(tasks: readonly TaskView[]): string {
  const shown = tasks.slice(0, 3).map(nameOf).join(', ');
  return tasks.length > 3 ? `${shown} and ${tasks.length - 3} more` : shown;
}
