import { DownloadError } from './download-error.js';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.js';
import { headerValue } from './response-plan.js';

export const maxRedirects = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const permanentStatuses = new Set([301, 308]);
/** Sent only to the origin of the address the user gave (Fetch standard; curl CVE-2018-1000007, CVE-2022-27776). */
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

export interface RedirectedRequest extends HttpRequest {
  /** The address the user gave: only its origin (scheme, host, port) gets the credential headers. */
  readonly userUrl: string;
}

export interface FollowedResponse {
  readonly response: HttpResponse;
  /** The URL that answered. */
  readonly url: string;
  /** Set when every hop was permanent (301/308): the address to remember from now on. */
  readonly permanentUrl: string | undefined;
}

/**
 * Sends the request, following at most ten http(s) redirects. Every request
 * (the first too: a remembered address may be elsewhere) carries the
 * credential headers only when it goes to the user's origin, so they never
 * reach another host, and never leave https for plain http.
 */
export async function requestFollowingRedirects(http: HttpClient, request: RedirectedRequest): Promise<FollowedResponse> {
  const { userUrl, ...rest } = request;
  const hasCredentials = Object.keys(request.headers).some(isCredential);
  let url = request.url;
  let permanent = true;
  let permanentUrl: string | undefined;
  for (let hop = 0; ; hop += 1) {
    const response = await http.request({ ...rest, url, headers: headersFor(url, request.headers, userUrl) });
    if (!redirectStatuses.has(response.status)) return { response, url, permanentUrl };
    response.discard();
    const location = headerValue(response.headers.location);
    if (location === undefined) throw new DownloadError('http_error', `HTTP ${response.status} without a Location`, { status: response.status });
    if (hop >= maxRedirects) throw new DownloadError('too_many_redirects', `more than ${maxRedirects}`);
    const next = resolveLocation(location, url);
    permanent &&= permanentStatuses.has(response.status);
    // With credentials, an address elsewhere is not remembered: each attempt starts where they are honoured.
    if (permanent && (!hasCredentials || sameOrigin(next.href, userUrl))) permanentUrl = next.href;
    url = next.href;
  }
}

/** The headers as they may go to `url`: without credentials when it is not the user's origin. */
export function headersFor(url: string, headers: Readonly<Record<string, string>>, userUrl: string): Readonly<Record<string, string>> {
  if (sameOrigin(url, userUrl)) return headers;
  const kept = Object.entries(headers).filter(([name]) => !isCredential(name));
  return kept.length === Object.keys(headers).length ? headers : Object.fromEntries(kept);
}

/** True when the user asked for https and the file now comes over plain http. */
export function isDowngrade(userUrl: string, url: string): boolean {
  // The usual case, the address asked for answered: nothing to parse.
  if (userUrl === url) return false;
  return new URL(userUrl).protocol === 'https:' && new URL(url).protocol === 'http:';
}

function isCredential(name: string): boolean {
  return credentialHeaders.includes(name.toLowerCase());
}

function sameOrigin(a: string, b: string): boolean {
  return a === b || new URL(a).origin === new URL(b).origin;
}

function resolveLocation(location: string, base: string): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new DownloadError('http_error', `unreadable redirect location "${location}"`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new DownloadError('redirect_scheme', `to ${next.protocol.slice(0, -1)}:`);
  }
  next.hash = '';
  return next;
}
