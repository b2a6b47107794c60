import { DownloadError } from './download-error.js';
import type { HttpClient, HttpRequest, HttpResponse } from './http-client.js';
import { headerValue } from './response-plan.js';

export const maxRedirects = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const permanentStatuses = new Set([301, 308]);
/** Never sent to a host other than the one the user named. */
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization'];

export interface FollowedResponse {
  readonly response: HttpResponse;
  /** The URL that answered. */
  readonly url: string;
  /** Set when every hop was permanent (301/308): the address to remember from now on. */
  readonly permanentUrl: string | undefined;
}

/** Sends the request, following at most ten http(s) redirects. */
export async function requestFollowingRedirects(http: HttpClient, request: HttpRequest): Promise<FollowedResponse> {
  let url = request.url;
  let headers = request.headers;
  let permanent = true;
  let permanentUrl: string | undefined;
  for (let hop = 0; ; hop += 1) {
    const response = await http.request({ ...request, url, headers });
    if (!redirectStatuses.has(response.status)) return { response, url, permanentUrl };
    response.discard();
    const location = headerValue(response.headers.location);
    if (location === undefined) throw new DownloadError('http_error', `HTTP ${response.status} without a Location`, { status: response.status });
    if (hop >= maxRedirects) throw new DownloadError('too_many_redirects', `more than ${maxRedirects}`);
    const next = resolveLocation(location, url);
    if (next.origin !== new URL(url).origin) headers = withoutCredentials(headers);
    permanent &&= permanentStatuses.has(response.status);
    // Remembered only while the user's credentials still go with it: later requests resend them.
    if (permanent && headers === request.headers) permanentUrl = next.href;
    url = next.href;
  }
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

/** The same object when there is nothing to drop, so callers can tell whether credentials were removed. */
function withoutCredentials(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const kept = Object.entries(headers).filter(([name]) => !credentialHeaders.includes(name.toLowerCase()));
  return kept.length === Object.keys(headers).length ? headers : Object.fromEntries(kept);
}
