import type { TaskState } from '../domain/task-state.js';
import { planCommand, type TaskCommand } from '../domain/task-commands.js';

/**
 * What the context menu, the toolbar and the keyboard offer for a task: each
 * action the service would accept in that state, and nothing it would refuse.
 */
export const taskActions = [
  'open',
  'reveal',
  'pause',
  'resume',
  'retry',
  'cancel',
  'copyUrl',
  'refreshUrl',
  'details',
  'remove',
  'removeWithFile',
] as const;
export type TaskAction = (typeof taskActions)[number];

/** What the window's host can do besides the service's commands: a browser tab cannot open files or folders on this computer. */
export interface HostAbilities {
  readonly opensFiles: boolean;
}

function moves(command: TaskCommand, state: TaskState): boolean {
  return planCommand(command, state).kind === 'move';
}

export function allows(action: TaskAction, state: TaskState, host: HostAbilities): boolean {
  switch (action) {
    case 'open':
      return state === 'completed' && host.opensFiles;
    case 'reveal':
      return host.opensFiles;
    case 'pause':
    case 'cancel':
      return moves(action, state);
    // Resume and retry mean the same for most states; the menu offers the word that fits.
    case 'resume':
      return moves('resume', state) && state !== 'failed';
    case 'retry':
      return state === 'failed';
    case 'copyUrl':
    case 'details':
    case 'remove':
      return true;
    case 'refreshUrl':
      return state === 'failed' || state === 'paused';
    case 'removeWithFile':
      return state !== 'canceled';
  }
}

/** Whether a bulk command would change a task in this state (the rest the service skips, or refuses with a toast). */
export function changes(command: TaskCommand, state: TaskState): boolean {
  return moves(command, state);
}

export function allowedActions(state: TaskState, host: HostAbilities): TaskAction[] {
  return taskActions.filter((action) => allows(action, state, host));
}

/** What Space does on the selection: pause when any is moving, else resume what can be. */
export function toggleCommand(states: readonly TaskState[]): 'pause' | 'resume' | null {
  if (states.some((state) => moves('pause', state))) return 'pause';
  if (states.some((state) => moves('resume', state))) return 'resume';
  return null;
}
