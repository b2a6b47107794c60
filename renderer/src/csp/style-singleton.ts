import { useEffect } from 'react';

/**
 * Stands in for the `react-style-singleton` package (vite.config.ts aliases
 * it here). Radix's dialogs use it, through react-remove-scroll, to add a few
 * rules while a dialog is open; the package writes them into a <style>
 * element, which our Content-Security-Policy (style-src 'self') rightly
 * blocks. This one adopts a constructed stylesheet instead: the same rules,
 * added and removed at the same moments, through the CSSOM, which the policy
 * allows. Same exports and behaviour as the package's 2.2 release.
 */
export function stylesheetSingleton() {
  let counter = 0;
  let sheet: CSSStyleSheet | null = null;
  return {
    add(style: string): void {
      if (counter === 0) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(style);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }
      counter += 1;
    },
    remove(): void {
      counter -= 1;
      if (counter === 0 && sheet !== null) {
        const removed = sheet;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== removed);
        sheet = null;
      }
    },
  };
}

export function styleHookSingleton() {
  const sheet = stylesheetSingleton();
  return (styles: string, isDynamic?: boolean): void => {
    useEffect(() => {
      sheet.add(styles);
      return () => sheet.remove();
      // As the package: re-added only when dynamic styles change.
    }, [styles && isDynamic]);
  };
}

export function styleSingleton() {
  const useStyle = styleHookSingleton();
  return function Sheet({ styles, dynamic }: { readonly styles: string; readonly dynamic?: boolean }) {
    useStyle(styles, dynamic);
    return null;
  };
}
