import { preloadClient } from './preload-client.js';
import type { PeregrineClient } from './peregrine-client.js';
import { WebSocketClient } from './websocket-client.js';

/** Where `peregrine serve` answers, relative to the page it served. */
export const serverPaths = { socket: '/ws', login: '/login', session: '/session' } as const;

/**
 * The page opened as `…/#token=…` trades the token for an HttpOnly cookie and
 * drops it from the address bar, so it is neither kept in history nor copied
 * along with the address.
 */
export async function signInFromAddress(): Promise<void> {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1] === undefined) return;
  history.replaceState(null, '', location.pathname + location.search);
  await fetch(serverPaths.login, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: decodeURIComponent(match[1]) }),
    credentials: 'same-origin',
  });
}

/** The Electron bridge when present, else a WebSocket back to the server that served this page. */
export async function connect(): Promise<PeregrineClient> {
  if (window.peregrine !== undefined) return preloadClient(window.peregrine);
  await signInFromAddress();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return new WebSocketClient({
    url: `${scheme}//${location.host}${serverPaths.socket}`,
    isUnauthorized: async () => {
      try {
        const answer = await fetch(serverPaths.session, { credentials: 'same-origin' });
        return answer.status === 401;
      } catch {
        return false;
      }
    },
  });
}
