import type { RefusalCode } from '../../app/domain/refusal-code.js';
import type { TaskState } from '../../app/domain/task-state.js';

/** A command that makes no sense for the task as it is (or that another live process's task cannot take). */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';

  constructor(
    /** Why, from the contract's closed set. */
    readonly refusal: RefusalCode,
    message: string,
    /** The state the task was in when the command was refused. */
    readonly state?: TaskState,
  ) {
    super(message);
  }
}
