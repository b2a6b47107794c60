import type { WebPreferences } from 'electron';

/**
 * The renderer's sandbox (Electron's security checklist): isolated from the
 * preload, sandboxed, no Node, web security on, no webviews. A lint rule
 * (eslint.config.js) forbids writing any of these the other way anywhere.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}
