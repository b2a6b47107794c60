/**
 * What is never shown: URL passwords and request header values. Applied to
 * everything printed or sent to a view (messages, events, lists), since a URL
 * can reach any of them (the task's own, a redirect's, one echoed in an error).
 */

/** Shown in place of a URL's password, as wget does. */
export const maskedPassword = '*password*';
/** Shown in place of a header value. */
export const maskedHeaderValue = '***';

// scheme://user:password@ — the password runs to the last "@" before the path, query, fragment or a space.
const urlWithPassword = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#]*@/gi;

/** Hides the password of every `scheme://user:password@…` in `text` (a URL, or a message quoting URLs). */
export function maskUrlPasswords(text: string): string {
  return text.replace(urlWithPassword, `$1:${maskedPassword}@`);
}

/** Header names with their values hidden: what a list may show of a task's headers. */
export function maskHeaderValues(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(headers).map((name) => [name, maskedHeaderValue]));
}

/** True when an http(s) URL carries credentials (`user@` or `user:password@`), which clients send as Basic authorization. */
export function hasUrlCredentials(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url.trim());
}
