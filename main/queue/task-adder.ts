import type { Group } from '../../app/domain/group.js';
import type { Task } from '../../app/domain/task.js';
import { parseDownloadUrl } from '../engine/download-url.js';
import type { GroupStore } from '../store/group-store.js';
import { requestKey, type NewTask, type TaskStore } from '../store/task-store.js';

export interface AddOptions {
  /** Adds the tasks as one named group. */
  readonly group?: string | undefined;
  /** The user chose to download again URLs that are already in the queue. */
  readonly allowDuplicates?: boolean | undefined;
  /** Added paused: nothing starts until the user resumes. */
  readonly startPaused?: boolean | undefined;
  /** The tasks become this queue's to run even when it is scoped (as `adopt` does, without reading them again). */
  readonly adopt?: boolean | undefined;
  /** Per-download settings applied to every added task. */
  readonly connections?: number | undefined;
  readonly speedLimit?: number | undefined;
}

export interface Duplicate {
  readonly request: NewTask;
  readonly existing: Task;
}

export interface AddResult {
  readonly tasks: Task[];
  readonly group: Group | undefined;
  /** Requests not added because the same URL is already queued or downloaded into that folder. */
  readonly duplicates: Duplicate[];
}

/**
 * Records downloads in one transaction, optionally as a named group. Every
 * URL is checked first: one bad URL refuses the whole call, so nothing is half
 * added. A URL already in the queue (or already downloaded) into the same
 * folder is not added twice unless the caller says the user wants that; it
 * comes back in `duplicates` so the user can choose. Announcing and running
 * them is the queue's.
 */
export function insertTasks(stores: { readonly tasks: TaskStore; readonly groups: GroupStore }, newTasks: readonly NewTask[], options: AddOptions): AddResult {
  const requests = uniqueRequests(newTasks.map((task) => ({ ...task, url: parseDownloadUrl(task.url).href })));
  const duplicates: Duplicate[] = [];
  // One query for every request, however many.
  const known = options.allowDuplicates === true ? new Map<string, Task>() : stores.tasks.findLatestMany(requests);
  const fresh = requests.filter((request) => {
    const existing = known.get(requestKey(request.url, request.dir, request.requestedName));
    if (existing === undefined) return true;
    duplicates.push({ request, existing });
    return false;
  });
  const { tasks, group } = stores.tasks.atomically(() => {
    const group = options.group !== undefined && fresh.length > 0 ? stores.groups.create(options.group) : undefined;
    const tasks = stores.tasks.insertMany(
      fresh.map((request) => ({
        ...request,
        connections: options.connections ?? request.connections,
        speedLimit: options.speedLimit ?? request.speedLimit,
      })),
      group?.id ?? null,
      options.startPaused === true ? 'paused' : 'queued',
    );
    return { tasks, group };
  });
  return { tasks, group, duplicates };
}

/** The same URL twice in one call, into the same folder under the same name, is one download. */
function uniqueRequests(requests: readonly NewTask[]): NewTask[] {
  const seen = new Set<string>();
  return requests.filter((request) => {
    const key = requestKey(request.url, request.dir, request.requestedName);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
