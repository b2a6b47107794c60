import { useEffect } from 'react';
import { useApp } from './services.js';

/** Theme (a setting of the service) and density (this window's) as classes on <html>, where the CSS tokens switch on them. */
export function useDocumentClasses(): void {
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  const density = useApp((s) => s.density);
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('theme-light', theme === 'light');
    root.toggle('theme-dark', theme === 'dark');
    root.toggle('density-comfortable', density === 'comfortable');
  }, [theme, density]);
}
