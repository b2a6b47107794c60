import { useMemo } from 'react';
import { changes, type TaskAction } from '../../../../app/ui/task-actions.js';
import { sayRemoved } from '../feedback/say-removed.js';
import { useServices } from '../services.js';
import { useCommands } from '../use-commands.js';

/** Carries out an action from the menu, the keyboard or a row button, on task ids. */
export function useTaskActions() {
  const { store, host } = useServices();
  const { run } = useCommands();
  return useMemo(() => {
    async function perform(action: TaskAction, ids: readonly number[]): Promise<void> {
      const [first] = ids;
      if (first === undefined) return;
      const list = [...ids];
      switch (action) {
        case 'pause':
        case 'resume':
        case 'retry':
        case 'cancel': {
          // Only the downloads it applies to: the service would refuse the others one by one ("1 download could not be changed: … already complete").
          const tasks = store.getState().tasks;
          const applies = list.filter((id) => {
            const task = tasks.get(id);
            return task !== undefined && changes(action, task.state);
          });
          if (applies.length > 0) await run(`tasks.${action}`, { ids: applies });
          return;
        }
        case 'remove': {
          await run('tasks.remove', { ids: list }, (result) => sayRemoved(store.getState(), result));
          return;
        }
        case 'removeWithFile':
          store.getState().openDialog({ kind: 'remove', ids: list, groupId: null, withFile: true });
          return;
        case 'open':
          await run('tasks.open', { id: first });
          return;
        case 'reveal':
          await run('tasks.reveal', { id: first });
          return;
        case 'copyUrl': {
          const url = store.getState().tasks.get(first)?.url;
          if (url === undefined) return;
          try {
            await host.writeClipboard(url);
            store.getState().toast({ key: 'toast.copied' });
          } catch {
            // The browser keeps its clipboard closed (plain http, a refused permission): the address itself, to select and copy.
            store.getState().toast({ key: 'toast.copyRefused', params: { url } }, 'error');
          }
          return;
        }
        case 'refreshUrl':
          store.getState().openDialog({ kind: 'refreshUrl', id: first });
          return;
        case 'details':
          store.getState().showDetails(first);
          return;
      }
    }
    return { perform };
  }, [run, store, host]);
}
