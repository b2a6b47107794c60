import type { AddResult } from '../../../../app/contract/commands.js';
import type { ToastsSlice } from '../../state/toasts-slice.js';

/** What an addition did, from the Add dialog or a drop alike: how many were added, how many were in the list already (nothing when none). */
export function sayAdded(toasts: ToastsSlice, result: AddResult): void {
  if (result.ids.length > 0) toasts.toast({ key: 'add.added', params: { count: result.ids.length } });
  if (result.duplicates.length > 0) toasts.toast({ key: 'add.duplicates', params: { count: result.duplicates.length } }, 'error');
}
