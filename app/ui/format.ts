import { formatBytes, formatSpeed } from '../domain/units.js';

/** Numbers as the list shows them; units are the CLI's (binary prefixes). */
export { formatBytes, formatSpeed };

/** Whole percent, never 100 before the last byte. */
export function percentOf(done: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  if (done >= total) return 100;
  return Math.min(99, Math.floor((done / total) * 100));
}

/** A short time left: "12 s", "3 min", "2 h 5 min"; whole units, as a glance needs. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/**
 * A URL in three parts, so it can be cut in the middle: the host and path
 * before the file name (give way first), the file name (stays), and the query
 * or fragment after it (given up before anything else).
 */
export function splitUrlForDisplay(url: string): { readonly head: string; readonly tail: string; readonly query: string } {
  const queryAt = url.search(/[?#]/);
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? '' : url.slice(queryAt);
  const slash = path.lastIndexOf('/');
  if (slash <= path.indexOf('//') + 1) return { head: url, tail: '', query: '' };
  return { head: path.slice(0, slash), tail: path.slice(slash), query };
}

/**
 * A file name in two parts, so a name too long for its column is cut within
 * its stem while its extension stays in sight ("a_very_long_na….pdf"),
 * whichever way the name is written. A compressed tar keeps ".tar" with its
 * extension; what follows the last dot counts as an extension only when short
 * and without spaces, and a name that is only an extension (".bashrc") is
 * not split.
 */
export function splitNameForDisplay(name: string): { readonly stem: string; readonly extension: string } {
  const extension = /(?:\.tar)?\.[^.\s]{1,8}$/iu.exec(name);
  if (extension === null || extension.index === 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, extension.index), extension: extension[0] };
}

/** The name to show for a task that has no file name yet: the last path part of its address. */
export function displayName(fileName: string | null, url: string): string {
  if (fileName !== null && fileName !== '') return fileName;
  const path = url.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // A malformed escape: show it as written.
  }
  return decoded === '' ? url : decoded;
}
