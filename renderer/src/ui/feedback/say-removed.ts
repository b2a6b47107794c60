import type { RemoveResult } from '../../../../app/contract/commands.js';
import type { ToastsSlice } from '../../state/toasts-slice.js';

/** How many downloads a removal took off the list (nothing when none). */
export function sayRemoved(toasts: ToastsSlice, result: RemoveResult): void {
  if (result.removed.length > 0) toasts.toast({ key: 'toast.removed', params: { count: result.removed.length } });
}
