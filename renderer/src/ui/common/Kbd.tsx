/** A key as the user presses it; for sighted users only, the control carries aria-keyshortcuts. */
export function Kbd({ children }: { readonly children: string }) {
  return <kbd aria-hidden="true">{children}</kbd>;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** "Ctrl+N" on Linux and Windows, "⌘N" on a Mac. */
export function shortcutLabel(key: string): string {
  return isMac ? `⌘${key}` : `Ctrl+${key}`;
}
