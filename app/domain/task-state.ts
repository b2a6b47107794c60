/**
 * A task's life, as data. Each state lists where it may go; one function
 * (`canTransition`) is the only judge, so no handler invents its own rules.
 */
export const taskTransitions = {
  queued: ['running', 'paused', 'canceled'],
  running: ['completed', 'paused', 'retrying', 'waiting_network', 'failed', 'canceled', 'queued'],
  paused: ['queued', 'canceled'],
  retrying: ['queued', 'paused', 'failed', 'canceled'],
  waiting_network: ['queued', 'paused', 'canceled'],
  failed: ['queued', 'canceled'],
  completed: [],
  canceled: [],
} as const satisfies Record<string, readonly string[]>;

export type TaskState = keyof typeof taskTransitions;

export const taskStates = Object.keys(taskTransitions) as TaskState[];

export function canTransition(from: TaskState, to: TaskState): boolean {
  return (taskTransitions[from] as readonly TaskState[]).includes(to);
}

export function isTaskState(value: string): value is TaskState {
  return Object.hasOwn(taskTransitions, value);
}

/** States in which the task holds no connection and no open file. */
export function isSettled(state: TaskState): boolean {
  return state === 'completed' || state === 'failed' || state === 'canceled';
}
