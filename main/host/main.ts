import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { lockDownSessions } from './security.js';
import { createMainWindow } from './window.js';

// One process owns the queue and its database; a second launch only focuses it.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  // Both must happen before the app is ready, so before any await.
  app.enableSandbox();
  registerAppScheme();

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') {
      app.quit();
    }
  });

  app
    .whenReady()
    .then(() => {
      lockDownSessions();
      serveRenderer(path.join(app.getAppPath(), 'dist/renderer'));

      let mainWindow = createMainWindow();
      const showMainWindow = (): void => {
        if (mainWindow.isDestroyed()) {
          mainWindow = createMainWindow();
          return;
        }
        if (mainWindow.isMinimized()) {
          mainWindow.restore();
        }
        mainWindow.focus();
      };
      app.on('second-instance', showMainWindow);
      // macOS keeps the app running without windows; the dock icon brings one back.
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) {
          showMainWindow();
        }
      });
    })
    .catch((error: unknown) => {
      console.error('Peregrine failed to start', error);
      app.exit(1);
    });
}
