import type { TaskState } from './task-state.js';

/** Many downloads added together, acted on together, announced together when all are done. */
export interface Group {
  readonly id: number;
  readonly name: string;
  readonly createdAt: number;
  /** When "every member is done" was announced; null while members are still pending. */
  readonly settledAt: number | null;
}

export interface GroupSummary {
  readonly group: Group;
  readonly count: number;
  readonly byState: Readonly<Partial<Record<TaskState, number>>>;
  readonly doneBytes: number;
  /** Null while some member's size is unknown. */
  readonly totalBytes: number | null;
  /** The state a user would name for the whole group. */
  readonly state: GroupState;
}

export type GroupState = 'active' | 'paused' | 'completed' | 'failed' | 'empty';

/** One word for many tasks: anything moving makes it active; otherwise the worst outcome wins. */
export function groupState(byState: Readonly<Partial<Record<TaskState, number>>>): GroupState {
  const has = (state: TaskState): boolean => (byState[state] ?? 0) > 0;
  if (has('queued') || has('running') || has('retrying') || has('waiting_network')) return 'active';
  if (has('paused')) return 'paused';
  if (has('failed')) return 'failed';
  if (has('completed')) return 'completed';
  return 'empty';
}
