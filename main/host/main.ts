import { app, session, shell } from 'electron';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { DesktopHost } from './desktop-host.js';
import { launchRequest, parseLaunchArgs, urlsInList, type LaunchRequest } from './launch-request.js';
import { lockDownSessions } from './security.js';

/**
 * The desktop app's entry: one process owns the queue and its database; a
 * second launch hands its URLs to the first (validated there) and exits.
 */
const launch = readLaunch(process.argv.slice(app.isPackaged ? 1 : 2));
if (!app.requestSingleInstanceLock(launch)) {
  app.quit();
} else {
  start();
}

function start(): void {
  // Both must happen before the app is ready, so before any await.
  app.enableSandbox();
  registerAppScheme();
  let host: DesktopHost | undefined;
  // Launches before `ready` (macOS file associations aside) are queued by the lock itself.
  app.on('second-instance', (_event, _argv, _cwd, data) => {
    const request = launchRequest.safeParse(data);
    host?.receive(request.success ? request.data : { urls: [] });
  });
  app
    .whenReady()
    .then(() => {
      lockDownSessions({ app, session: session.defaultSession, openExternal: (url, options) => shell.openExternal(url, options) });
      serveRenderer(path.join(app.getAppPath(), 'dist/renderer'));
      const desktop = new DesktopHost(downloadsFolder());
      return desktop.start().then((started) => {
        if (!started) {
          app.exit(1);
          return;
        }
        host = desktop;
        host.receive(launch);
      });
    })
    .catch((error: unknown) => {
      console.error('Peregrine failed to start', error);
      app.exit(1);
    });
}

function downloadsFolder(): string {
  try {
    return app.getPath('downloads');
  } catch {
    return path.join(os.homedir(), 'Downloads');
  }
}

/** This launch's URLs: from its arguments and the .txt lists they name (read here, where the relative path means something). */
function readLaunch(args: readonly string[]): LaunchRequest {
  const { urls, listFiles } = parseLaunchArgs(args);
  const fromLists = listFiles.flatMap((file) => {
    try {
      return urlsInList(readFileSync(path.resolve(file), 'utf8'));
    } catch (error) {
      console.error(`peregrine: could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  });
  return { urls: [...urls, ...fromLists] };
}
