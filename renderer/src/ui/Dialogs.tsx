import { AddDialog } from './add/AddDialog.js';
import { RefreshUrlDialog } from './feedback/RefreshUrlDialog.js';
import { RemoveDialog } from './feedback/RemoveDialog.js';
import { useApp } from './services.js';
import { SettingsPage } from './settings/SettingsPage.js';

/** The one open dialog, if any. */
export function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'add':
      // Keyed by its text, so links dropped while it is open refill it.
      return <AddDialog key={dialog.text} initialText={dialog.text} />;
    case 'settings':
      return <SettingsPage />;
    case 'remove':
      return <RemoveDialog ids={dialog.ids} groupId={dialog.groupId} withFile={dialog.withFile} />;
    case 'refreshUrl':
      return <RefreshUrlDialog id={dialog.id} />;
  }
}
