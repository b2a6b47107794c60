/**
 * Turns what a user pasted, dropped or typed into the URLs it holds, line by
 * line, so the Add dialog can say of each line whether it will be added. The
 * service checks every URL again; this is only so the user sees problems
 * while typing.
 */

/** An http(s) address: a scheme, a host of letters, digits, dots, dashes or an [IPv6], an optional port, then anything but spaces. */
const urlPattern = /\bhttps?:\/\/(?:[^\s/?#@]+@)?(?:\[[0-9a-fA-F:.]+\]|[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*)(?::\d{1,5})?(?:[/?#][^\s<>"'`]*)?/giu;

/** An address a download manager might be handed that is not http(s): a scheme with `//`, or a magnet link. */
const otherAddress = /(?:^|\s)(?:[a-z][a-z0-9+.-]*:\/\/\S|magnet:\?\S)/i;

/** Characters that end a sentence or close a bracket around a link, not part of it. */
const trailingPunctuation = /[.,;:!?)\]}>'"»”’]+$/u;

export type UrlLineStatus =
  /** Will be added. */
  | 'ok'
  /** Text in which no address was found. */
  | 'invalid'
  /** An address of another kind (ftp://, magnet:, sftp://…): Peregrine downloads over http(s) only. */
  | 'unsupported'
  /** The same address appears earlier in the text. */
  | 'repeated'
  /** A task with this address is already in the list. */
  | 'existing';

export interface UrlLine {
  /** 1-based line number in the text. */
  readonly line: number;
  readonly text: string;
  readonly url: string | null;
  readonly status: UrlLineStatus;
  /** For `existing`: the task that has this address. */
  readonly existingId?: number | undefined;
}

/** Every http(s) address in free text, in order, each once. */
export function extractUrls(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    // text/uri-list comment lines.
    if (line.startsWith('#')) continue;
    for (const url of urlsIn(line)) found.add(url);
  }
  return [...found];
}

/**
 * One entry per address found (a line holding several addresses gives several
 * entries) and one per non-blank line holding none. `existing` maps the key
 * of every address already in the list (see `urlKey`) to its task id.
 */
export function checkUrlLines(text: string, existing: ReadonlyMap<string, number>): UrlLine[] {
  const seen = new Set<string>();
  const lines: UrlLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const urls = urlsIn(trimmed);
    if (urls.length === 0) {
      lines.push({ line: index + 1, text: trimmed, url: null, status: otherAddress.test(trimmed) ? 'unsupported' : 'invalid' });
      return;
    }
    for (const url of urls) {
      const key = urlKey(url);
      const existingId = existing.get(key);
      const status: UrlLineStatus = seen.has(key) ? 'repeated' : existingId !== undefined ? 'existing' : 'ok';
      seen.add(key);
      lines.push({ line: index + 1, text: trimmed, url, status, existingId: status === 'existing' ? existingId : undefined });
    }
  });
  return lines;
}

/**
 * What makes two addresses the same download: scheme and host are
 * case-insensitive, the fragment never reaches the server.
 */
export function urlKey(url: string): string {
  const withoutFragment = url.split('#', 1)[0] ?? url;
  return withoutFragment.replace(/^(https?:\/\/[^/?#]*)/i, (origin) => origin.toLowerCase());
}

function urlsIn(line: string): string[] {
  return [...line.matchAll(urlPattern)].map((match) => match[0].replace(trailingPunctuation, ''));
}
