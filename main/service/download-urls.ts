import { DownloadError } from '../engine/download-error.js';
import { parseDownloadUrl } from '../engine/download-url.js';

export type UrlCheck = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly message: string };

/**
 * Which addresses `tasks.add` takes, and in what form: the same answer for
 * the service's rejections and for a host that checks before it calls (the
 * CLI refuses the whole command line for one bad URL).
 */
export function checkDownloadUrl(text: string): UrlCheck {
  try {
    return { ok: true, href: parseDownloadUrl(text).href };
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    return { ok: false, message: error.message };
  }
}
