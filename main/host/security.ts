import type { App, Session, Shell, WebContents } from 'electron';

/** The parts of Electron the lock-down uses; the unit test hands in stand-ins. */
export interface SecurityDeps {
  readonly app: Pick<App, 'on'>;
  readonly session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  readonly openExternal: Shell['openExternal'];
}

/**
 * The renderer gets no browser permissions and cannot leave the app: it may
 * not navigate, be redirected, open windows or embed webviews. http(s) links
 * it tries to open go to the user's browser instead.
 */
export function lockDownSessions({ app, session, openExternal }: SecurityDeps): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    lockDownContents(contents, openExternal);
  });
}

export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: Shell['openExternal']): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) {
      openExternal(url).catch((error: unknown) => {
        console.error('could not open link in the browser', error);
      });
    }
    return { action: 'deny' };
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
