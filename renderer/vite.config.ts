import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs, so the build loads the same from app:// in Electron and from the headless server.
  base: './',
  plugins: [react()],
  resolve: {
    // Radix dialogs would inject a <style> element, which the CSP blocks; this adopts a constructed stylesheet instead.
    alias: { 'react-style-singleton': `${import.meta.dirname}/src/csp/style-singleton.ts` },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
