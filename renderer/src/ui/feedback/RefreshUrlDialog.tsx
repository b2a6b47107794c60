import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../app/ui/format.js';
import { extractUrls } from '../../../../app/ui/url-lines.js';
import { DialogFooter } from '../common/DialogFooter.js';
import { useServices } from '../services.js';
import { useCommands } from '../use-commands.js';
import { useFocusReturn } from '../common/use-focus-return.js';

/** A new address for a download whose link expired; the service keeps the bytes only if it is the same file. */
export function RefreshUrlDialog({ id }: { readonly id: number }) {
  const { t } = useTranslation();
  const returnFocus = useFocusReturn();
  const { store } = useServices();
  const { run } = useCommands();
  const task = store.getState().tasks.get(id);
  const [url, setUrl] = useState('');
  const valid = extractUrls(url).length === 1;
  if (task === undefined) return null;
  return (
    <Dialog.Root open onOpenChange={(open) => !open && store.getState().closeDialog()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-scrim" />
        <Dialog.Content className="dialog small-dialog" onCloseAutoFocus={returnFocus}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const [next] = extractUrls(url);
              if (next === undefined) return;
              void run('tasks.refreshUrl', { id, url: next }).then((result) => result !== undefined && store.getState().closeDialog());
            }}
          >
            <div className="dialog-head">
              <Dialog.Title>{t('refresh.title', { name: displayName(task.fileName, task.url) })}</Dialog.Title>
            </div>
            <div className="dialog-body">
              <Dialog.Description className="field-hint">{t('refresh.text')}</Dialog.Description>
              <div className="field">
                <label htmlFor="refresh-url">{t('refresh.label')}</label>
                <input id="refresh-url" className="input" autoFocus value={url} placeholder={task.url} onChange={(event) => setUrl(event.target.value)} />
              </div>
            </div>
            <DialogFooter submit={t('refresh.submit')} disabled={!valid} />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
