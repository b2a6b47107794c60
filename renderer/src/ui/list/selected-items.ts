import type { GroupView, TaskView } from '../../../../app/contract/views.js';
import type { AppState } from '../../state/app-state.js';

export interface SelectedItems {
  readonly tasks: readonly TaskView[];
  readonly groups: readonly GroupView[];
}

/** The selected rows as tasks and groups, in no particular order. */
export function selectedItems(state: AppState): SelectedItems {
  const tasks: TaskView[] = [];
  const groups: GroupView[] = [];
  for (const key of state.selected) {
    const id = Number(key.slice(1));
    if (key.startsWith('t')) {
      const task = state.tasks.get(id);
      if (task !== undefined) tasks.push(task);
    } else {
      const group = state.groups.get(id);
      if (group !== undefined) groups.push(group);
    }
  }
  return { tasks, groups };
}
