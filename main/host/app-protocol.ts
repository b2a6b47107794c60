import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from './content-security-policy.js';
import { rendererHost as host, rendererScheme as scheme } from './renderer-origin.js';

/**
 * Must run before the app is ready. A standard, secure scheme gives the
 * renderer a real origin (file:// would let it read any local file) and lets
 * the CSP's 'self' mean "the bundled renderer" only.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves files from rendererDir, and nothing outside it, at app://renderer/. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(scheme, async (request) => {
    const file = resolveInside(rendererDir, new URL(request.url));
    if (file === undefined) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    return new Response(response.body, { status: response.status, headers });
  });
}

function resolveInside(rendererDir: string, url: URL): string | undefined {
  if (url.host !== host) {
    return undefined;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(rendererDir, `.${pathname}`);
  const relative = path.relative(rendererDir, file);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return inside ? file : undefined;
}
