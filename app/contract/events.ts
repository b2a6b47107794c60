import type { Settings } from '../domain/settings.js';
import type { GroupView, Stats, TaskProgress, TaskView } from './views.js';

/** An event: (as a type only) what it carries. */
export interface EventSpec<Payload> {
  /** Never set: carries the payload type. */
  readonly payload?: Payload;
}

const event = <Payload>(): EventSpec<Payload> => ({});

/** What the user should be told that is not a task's state: each with a code a client can translate. */
export const noticeCodes = ['store_failed', 'running_elsewhere', 'no_space', 'internal', 'plain_http'] as const;
export type NoticeCode = (typeof noticeCodes)[number];

export interface Notice {
  readonly code: NoticeCode;
  readonly message: string;
  readonly taskId?: number | undefined;
}

/**
 * Every fact the service announces, by name, each after it is committed.
 * Events carry a sequence number; a client that sees a gap takes a new snapshot.
 */
export const events = {
  'tasks.added': event<{ readonly tasks: readonly TaskView[] }>(),
  /** Rows whose stored fields changed (state, name, size, durable bytes), batched. */
  'tasks.changed': event<{ readonly tasks: readonly TaskView[] }>(),
  'tasks.removed': event<{ readonly removed: readonly { readonly id: number; readonly fileDeleted: boolean }[] }>(),
  /** Live numbers of running downloads that moved since the last batch; at most four batches a second. */
  'tasks.progress': event<{ readonly progress: readonly TaskProgress[] }>(),
  'stats.changed': event<Stats>(),
  'groups.changed': event<{ readonly groups: readonly GroupView[] }>(),
  'groups.removed': event<{ readonly ids: readonly number[] }>(),
  /** Every member of a group is completed, failed or canceled; said once per batch of work. */
  'groups.settled': event<{ readonly group: GroupView; readonly failedIds: readonly number[] }>(),
  'settings.changed': event<Settings>(),
  notice: event<Notice>(),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer Payload> ? Payload : never;

export const eventNames = Object.keys(events) as EventName[];
