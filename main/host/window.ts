import { BrowserWindow } from 'electron';
import path from 'node:path';
import { rendererEntryUrl } from './app-protocol.js';

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Peregrine',
    width: 1000,
    height: 680,
    minWidth: 480,
    minHeight: 320,
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.loadURL(rendererEntryUrl).catch((error: unknown) => {
    console.error('could not load the renderer', error);
  });
  return window;
}
