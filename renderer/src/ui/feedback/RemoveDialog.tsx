import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../../../app/ui/format.js';
import type { RemoveResult } from '../../../../app/contract/commands.js';
import { useServices } from '../services.js';
import { sayRemoved } from './say-removed.js';
import { useCommands } from '../use-commands.js';
import { useFocusReturn } from '../common/use-focus-return.js';

/** Asks before files leave the disk; removing from the list alone needs no question. */
export function RemoveDialog({ ids, groupId, withFile }: { readonly ids: readonly number[]; readonly groupId: number | null; readonly withFile: boolean }) {
  const { t } = useTranslation();
  const returnFocus = useFocusReturn();
  const { store } = useServices();
  const { run } = useCommands();
  const [deleteFiles, setDeleteFiles] = useState(withFile);
  const state = store.getState();
  const group = groupId === null ? undefined : state.groups.get(groupId);
  const first = ids[0] === undefined ? undefined : state.tasks.get(ids[0]);
  const title =
    group !== undefined
      ? t('remove.title_one', { name: group.name })
      : ids.length === 1 && first !== undefined
        ? t('remove.title_one', { name: displayName(first.fileName, first.url) })
        : t('remove.title_other', { count: ids.length });

  const confirm = async () => {
    const said = (result: RemoveResult) => sayRemoved(store.getState(), result);
    await (group !== undefined ? run('groups.remove', { id: group.id, deleteFiles }, said) : run('tasks.remove', { ids: [...ids], deleteFile: deleteFiles }, said));
    store.getState().closeDialog();
  };

  return (
    <Dialog.Root open onOpenChange={(open) => !open && store.getState().closeDialog()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-scrim" />
        <Dialog.Content className="dialog small-dialog" role="alertdialog" onCloseAutoFocus={returnFocus}>
          <div className="dialog-head">
            <Dialog.Title>{title}</Dialog.Title>
          </div>
          <div className="dialog-body">
            <Dialog.Description>{t('remove.text')}</Dialog.Description>
            <label className="check">
              <input type="checkbox" checked={deleteFiles} onChange={(event) => setDeleteFiles(event.target.checked)} />
              {t('remove.withFile')}
            </label>
          </div>
          <div className="dialog-foot">
            <Dialog.Close className="btn btn-outline">{t('add.cancel')}</Dialog.Close>
            <button type="button" className="btn btn-danger" autoFocus onClick={() => void confirm()}>
              {t('remove.submit')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
