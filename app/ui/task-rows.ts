import type { GroupView, TaskProgress, TaskView } from '../contract/views.js';
import { displayName } from './format.js';
import { inFilter, matchesSearch, type TaskFilter } from './task-filter.js';

/**
 * The rows the list shows, in order: tasks not in a group, and group rows with
 * their members under them while expanded. Pure, so the list's order and
 * membership are tested without a browser.
 */
export const sortKeys = ['added', 'name', 'size', 'progress', 'speed'] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDirection = 'ascending' | 'descending';

export interface ListView {
  readonly filter: TaskFilter;
  /** Only this group's members, flat. */
  readonly groupId: number | null;
  /** Lower-cased, trimmed. */
  readonly search: string;
  readonly sortKey: SortKey;
  readonly direction: SortDirection;
  readonly expanded: ReadonlySet<number>;
}

export type Row =
  | { readonly kind: 'task'; readonly key: string; readonly id: number; readonly level: 1 | 2; readonly posinset?: number; readonly setsize?: number }
  | { readonly kind: 'group'; readonly key: string; readonly id: number; readonly level: 1; readonly setsize: number; readonly expanded: boolean };

export interface ListSource {
  readonly tasks: ReadonlyMap<number, TaskView>;
  /** Task ids in the order they were added. */
  readonly order: readonly number[];
  readonly groups: ReadonlyMap<number, GroupView>;
  readonly progress: ReadonlyMap<number, TaskProgress>;
}

/** Whether the order depends on live numbers, so the rows must be rebuilt on every progress batch. */
export function sortUsesProgress(key: SortKey): boolean {
  return key === 'progress' || key === 'speed';
}

export function taskRowKey(id: number): string {
  return `t${id}`;
}

export function groupRowKey(id: number): string {
  return `g${id}`;
}

interface Item {
  readonly row: Row;
  /** When it was added (ms), and its id: apart, as createdAt × 10⁶ + id is past 2⁵³ and loses the id, so a batch added in one millisecond had no order. */
  readonly added: number;
  readonly seq: number;
  readonly name: string;
  readonly size: number;
  readonly progress: number;
  readonly speed: number;
}

export function buildRows(source: ListSource, view: ListView): Row[] {
  const loose: Item[] = [];
  const members = new Map<number, Item[]>();
  for (const id of source.order) {
    const task = source.tasks.get(id);
    if (task === undefined) continue;
    if (view.groupId !== null && task.groupId !== view.groupId) continue;
    if (!inFilter(view.filter, task.state) || !(matchesSearch(task, view.search) || inGroupNamed(source, task, view.search))) continue;
    const item = taskItem(task, source.progress.get(id));
    if (task.groupId === null || view.groupId !== null) {
      loose.push(item);
    } else {
      const list = members.get(task.groupId) ?? [];
      list.push(item);
      members.set(task.groupId, list);
    }
  }

  const compare = comparator(view.sortKey, view.direction);
  const top = [...loose];
  for (const [groupId, list] of members) {
    const group = source.groups.get(groupId);
    if (group === undefined) {
      top.push(...list);
      continue;
    }
    top.push(groupItem(group, list, view.expanded.has(groupId)));
  }
  top.sort(compare);

  const rows: Row[] = [];
  for (const item of top) {
    rows.push(item.row);
    if (item.row.kind !== 'group' || !item.row.expanded) continue;
    const list = (members.get(item.row.id) ?? []).sort(compare);
    list.forEach((child, index) => {
      rows.push({ kind: 'task', key: child.row.key, id: child.row.id, level: 2, posinset: index + 1, setsize: list.length });
    });
  }
  return rows;
}

/** Whether the task's group is named with the search: a group's name is a name the list shows, so searching for it finds the group, with its members. */
function inGroupNamed(source: ListSource, task: TaskView, query: string): boolean {
  const group = task.groupId === null ? undefined : source.groups.get(task.groupId);
  return group !== undefined && group.name.toLowerCase().includes(query);
}

function taskItem(task: TaskView, live: TaskProgress | undefined): Item {
  const done = live?.bytes ?? task.doneBytes;
  const total = live?.totalBytes ?? task.totalBytes;
  return {
    row: { kind: 'task', key: taskRowKey(task.id), id: task.id, level: 1 },
    added: task.createdAt,
    seq: task.id,
    name: task.fileName ?? displayName(null, task.url),
    size: total ?? -1,
    progress: task.state === 'completed' ? 1 : total !== null && total > 0 ? done / total : 0,
    speed: task.state === 'running' ? (live?.speed ?? 0) : 0,
  };
}

function groupItem(group: GroupView, members: readonly Item[], expanded: boolean): Item {
  const done = members.reduce((sum, item) => sum + item.progress * Math.max(item.size, 0), 0);
  const size = group.totalBytes ?? -1;
  return {
    row: { kind: 'group', key: groupRowKey(group.id), id: group.id, level: 1, setsize: members.length, expanded },
    added: group.createdAt,
    seq: 0,
    name: group.name,
    size,
    progress: size > 0 ? done / size : 0,
    speed: members.reduce((sum, item) => sum + item.speed, 0),
  };
}

// One collator for every comparison: String#localeCompare builds one per call, far slower at 10,000 rows.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function comparator(key: SortKey, direction: SortDirection): (a: Item, b: Item) => number {
  const sign = direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    const primary = key === 'name' ? collator.compare(a.name, b.name) : key === 'added' ? a.added - b.added || a.seq - b.seq : a[key] - b[key];
    // Ties keep the newest first, so the order never flickers between batches.
    return primary !== 0 ? sign * primary : b.added - a.added || b.seq - a.seq;
  };
}

/** How many downloads the rows stand for: members of a collapsed group count, an expanded group's own row does not. */
export function countTasks(rows: readonly Row[]): number {
  let count = 0;
  for (const row of rows) {
    if (row.kind === 'task') count += 1;
    else if (!row.expanded) count += row.setsize;
  }
  return count;
}
