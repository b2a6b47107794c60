/**
 * File names come from servers, which are not to be trusted: every name is
 * reduced to one harmless path segment before it touches the disk.
 *
 * 240 bytes, not 255: room is kept for " (9999)" and ".part" so that neither
 * the copy number nor the partial file can push a name past the limit.
 */
export const maxFileNameBytes = 240;
const maxExtensionBytes = 16;
export const fallbackFileName = 'download';

/** Characters that cannot be seen but reorder or hide text ("exe.txt" shown as "txt.exe"). */
const invisibleCharacters = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001F\u007F-\u009F]/gu;
/** Reserved on Windows; names travel between systems, so they are replaced everywhere. */
const windowsReservedCharacters = /[<>:"|?*]/g;
const windowsDeviceNames = /^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\s*\..*)?$/i;
/** Read by Explorer's "Customize folder" feature: a downloaded copy would restyle the folder it lands in. */
const windowsMagicNames = /^(desktop\.ini|thumbs\.db)$/i;
/**
 * Opening these runs or redirects something rather than showing a document
 * (shortcuts, DLL redirection, Explorer commands, Linux launchers); Firefox
 * appends `.download` so that a click only shows the file.
 */
const shellIntegratedExtensions = /\.(lnk|local|url|scf|desktop)$/i;
/** `name.{CLSID}` is opened by the COM class it names, whatever the file holds (Chromium replaces the extension). */
const classIdExtension = /\.\{[^.]*\}$/;
const safeExtension = '.download';

export function sanitizeFileName(raw: string): string {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .replace(invisibleCharacters, '')
    .replace(controlCharacters, '_')
    .replace(windowsReservedCharacters, '_');
  // Leading dots hide files on Unix; trailing dots and spaces are dropped by Windows.
  name = trimDotsAndSpaces(name);
  if (name === '') return fallbackFileName;
  if (windowsDeviceNames.test(name) || windowsMagicNames.test(name)) name = `_${name}`;
  name = trimDotsAndSpaces(truncateKeepingExtension(name, maxFileNameBytes)) || fallbackFileName;
  // Checked on the final form: cutting a long name can itself leave one of these extensions at the end.
  return withSafeExtension(name);
}

function withSafeExtension(name: string): string {
  if (classIdExtension.test(name)) return truncateKeepingExtension(name.replace(classIdExtension, safeExtension), maxFileNameBytes);
  if (shellIntegratedExtensions.test(name)) return truncateKeepingExtension(`${name}${safeExtension}`, maxFileNameBytes);
  return name;
}

function trimDotsAndSpaces(name: string): string {
  return name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

export function splitExtension(name: string): { stem: string; extension: string } {
  const compound = /(\.tar\.(?:gz|bz2|xz|zst|lz|lzma))$/i.exec(name);
  const dot = compound ? compound.index : name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  const extension = name.slice(dot);
  if (Buffer.byteLength(extension) > maxExtensionBytes) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension };
}

function truncateKeepingExtension(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const { stem, extension } = splitExtension(name);
  return truncateToBytes(stem, maxBytes - Buffer.byteLength(extension)) + extension;
}

/** Cuts at a code point boundary so no character is split in half. */
export function truncateToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** "report.pdf" → "report (2).pdf", "a.tar.gz" → "a (2).tar.gz". */
export function withCopyNumber(name: string, copy: number): string {
  if (copy === 0) return name;
  const { stem, extension } = splitExtension(name);
  return `${stem} (${copy})${extension}`;
}

/** The last segment of the URL's path, percent-decoded ("/a/my%20file.zip?x=1" → "my file.zip"). */
export function fileNameFromUrl(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = pathname.split('/').filter((part) => part !== '').pop();
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Compressed files whose servers wrongly add Content-Encoding; their bytes must be kept as sent. */
export function isCompressedFileName(name: string): boolean {
  return /\.(gz|tgz|svgz|br|zz|z|bz2|xz|zst|zip)$/i.test(name);
}
