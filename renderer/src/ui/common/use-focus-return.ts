import { useCallback, useState } from 'react';

/**
 * Where the focus goes when a dialog closes: back to what had it when the
 * dialog opened (a button, the list), else to the list. Radix gives it to the
 * dialog's Trigger, and ours open from the store (a shortcut, a menu, a drop)
 * without one, so the focus fell to the page and the next Tab started over at
 * the top. For Dialog.Content's onCloseAutoFocus.
 */
export function useFocusReturn(): (event: Event) => void {
  // Read while the dialog renders for the first time: before it takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null));
  return useCallback(
    (event: Event) => {
      event.preventDefault();
      const target = opener?.isConnected === true ? opener : document.querySelector<HTMLElement>('[role=treegrid]');
      target?.focus({ preventScroll: true });
    },
    [opener],
  );
}
