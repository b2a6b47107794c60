import { app, session, shell } from 'electron';

/**
 * The renderer gets no browser permissions and cannot leave the app: it may
 * not navigate, open windows or embed webviews. http(s) links it tries to open
 * go to the user's browser instead.
 */
export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isWebUrl(url)) {
        shell.openExternal(url).catch((error: unknown) => {
          console.error('could not open link in the browser', error);
        });
      }
      return { action: 'deny' };
    });
  });
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
