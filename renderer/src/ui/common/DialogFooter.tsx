import * as Dialog from '@radix-ui/react-dialog';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The submit button's words: what it will do ("Add 3 downloads"). */
  readonly submit: string;
  readonly disabled: boolean;
  readonly keyshortcuts?: string;
}

/** The foot of a dialog that is a form: Cancel closes it, the primary button submits the form. */
export function DialogFooter({ submit, disabled, keyshortcuts }: Props) {
  const { t } = useTranslation();
  return (
    <div className="dialog-foot">
      <Dialog.Close className="btn btn-outline" type="button">
        {t('add.cancel')}
      </Dialog.Close>
      <button type="submit" className="btn btn-primary" disabled={disabled} aria-keyshortcuts={keyshortcuts}>
        {submit}
      </button>
    </div>
  );
}
