/**
 * Secrets never shown: a URL's password and request header values. Used
 * wherever a URL or a header reaches a person (the UI, the CLI, logs).
 */

/** `https://user:secret@host/…` → `https://user:***@host/…`; anything else unchanged. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, '$1:***@');
}

export const redactedValue = '***';
