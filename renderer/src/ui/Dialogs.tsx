import { lazy, Suspense } from 'react';
import { useApp } from './services.js';

// Loaded when first opened: they bring the contract's schemas (zod), which the list never needs, so the window shows sooner.
const AddDialog = lazy(() => import('./add/AddDialog.js').then((module) => ({ default: module.AddDialog })));
const SettingsPage = lazy(() => import('./settings/SettingsPage.js').then((module) => ({ default: module.SettingsPage })));
const RemoveDialog = lazy(() => import('./feedback/RemoveDialog.js').then((module) => ({ default: module.RemoveDialog })));
const RefreshUrlDialog = lazy(() => import('./feedback/RefreshUrlDialog.js').then((module) => ({ default: module.RefreshUrlDialog })));

function OpenDialog() {
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

/** The one open dialog, if any. */
export function Dialogs() {
  return (
    <Suspense fallback={null}>
      <OpenDialog />
    </Suspense>
  );
}
