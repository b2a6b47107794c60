import { DownloadError } from './download-error.js';

/** Checks an address the user gave: an absolute http(s) URL with a host. */
export function parseDownloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DownloadError('bad_url', `"${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DownloadError('bad_url', `"${text}" is ${url.protocol.slice(0, -1)}, only http and https are supported`);
  }
  if (url.hostname === '') throw new DownloadError('bad_url', `"${text}" has no host`);
  url.hash = '';
  return url;
}
