import { preloadClient } from './preload-client.js';
import type { PeregrineClient } from './peregrine-client.js';
import { WebSocketClient } from './websocket-client.js';

/** Where `peregrine serve` answers, relative to the page it served. */
export const serverPaths = { socket: '/api/socket', session: '/api/session' } as const;

/**
 * The page opened as `…/#token=…` trades the token for an HttpOnly cookie and
 * drops it from the address bar, so it is neither kept in history nor copied
 * along with the address.
 */
export async function signInFromAddress(): Promise<void> {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1] === undefined) return;
  history.replaceState(null, '', location.pathname + location.search);
  await fetch(serverPaths.session, {
    method: 'POST',
    headers: { authorization: `Bearer ${decodeURIComponent(match[1])}` },
    credentials: 'same-origin',
  });
}

/** Whether the server refuses this page's cookie (then reconnecting cannot help); false when it cannot be asked. */
async function isUnauthorized(): Promise<boolean> {
  try {
    const answer = await fetch(serverPaths.session, { credentials: 'same-origin' });
    return answer.status === 401;
  } catch {
    return false;
  }
}

/** The Electron bridge when present, else a WebSocket back to the server that served this page. */
export async function connect(): Promise<PeregrineClient> {
  if (window.peregrine !== undefined) return preloadClient(window.peregrine);
  await signInFromAddress();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return new WebSocketClient({ url: `${scheme}//${location.host}${serverPaths.socket}`, isUnauthorized });
}
