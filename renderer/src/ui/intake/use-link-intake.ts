import { useCallback } from 'react';
import { extractUrls } from '../../../../app/ui/url-lines.js';
import { sayAdded } from '../add/say-added.js';
import { useServices } from '../services.js';
import { useCommands } from '../use-commands.js';

/**
 * What happens to dropped or pasted text: its links open the Add dialog, or
 * are added at once when the user chose "add without asking".
 */
export function useLinkIntake(): (text: string) => void {
  const { store } = useServices();
  const { run } = useCommands();
  return useCallback(
    (text: string) => {
      const urls = extractUrls(text);
      const state = store.getState();
      if (urls.length === 0) {
        state.toast({ key: 'drop.nothing' }, 'error');
        return;
      }
      if (state.dialog?.kind === 'add') {
        // The dialog is open: the links join what is already in it.
        state.openDialog({ kind: 'add', text: [state.dialog.text.trimEnd(), ...urls].filter((line) => line !== '').join('\n') });
        return;
      }
      if (state.settings?.addWithoutAsking === true) {
        void run('tasks.add', { urls }, (added) => sayAdded(store.getState(), added));
        return;
      }
      state.openDialog({ kind: 'add', text: urls.join('\n') });
    },
    [store, run],
  );
}
