import { useEffect } from 'react';
import { useApp } from './services.js';

/** Theme and density as classes on <html>, where the CSS tokens switch on them. */
export function useDocumentClasses(): void {
  const serviceTheme = useApp((s) => (s.settings !== null && 'theme' in s.settings ? String(s.settings.theme) : null));
  const localTheme = useApp((s) => s.theme);
  const density = useApp((s) => s.density);
  const theme = serviceTheme ?? localTheme;
  useEffect(() => {
    const root = document.documentElement.classList;
    root.toggle('theme-light', theme === 'light');
    root.toggle('theme-dark', theme === 'dark');
    root.toggle('density-comfortable', density === 'comfortable');
  }, [theme, density]);
}
