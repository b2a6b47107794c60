import { BrowserWindow } from 'electron';
import { rendererEntryUrl } from './renderer-origin.js';
import { secureWebPreferences } from './web-preferences.js';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Peregrine',
    width: 1000,
    height: 680,
    minWidth: 480,
    minHeight: 320,
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.loadURL(rendererEntryUrl).catch((error: unknown) => {
    console.error('could not load the renderer', error);
  });
  return window;
}
