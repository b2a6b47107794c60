import { DownloadError } from './download-error.js';

/**
 * The file name a server suggests in Content-Disposition, read the way
 * browsers read it, since that is the name users expect to see. Chromium's
 * rules (net/http/http_content_disposition.cc) throughout, plus the RFC 2231
 * continuations Firefox honours:
 *
 * - the parameters are read in order and reading stops at the first element
 *   that is not `name=value` (`inline; attachment; filename=x` has no name),
 *   so no name is ever taken from inside another parameter's quoted string;
 * - `filename*` (RFC 8187, any charset the platform decodes) wins over
 *   `filename*0…` continuations, which win over `filename`; of two equal
 *   parameters the first valid one wins;
 * - a plain `filename` may hold raw UTF-8, RFC 2047 encoded words or
 *   percent-escaped UTF-8;
 * - anything that does not decode cleanly (bad escapes, bytes invalid in their
 *   charset) gives no name rather than a garbled one: the URL names the file.
 *
 * The header arrives as Node reads it: one character per byte (Latin-1).
 * No mail library fits: they decode malformed words and invalid bytes into
 * something (often U+FFFD) and accept what browsers reject.
 */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const bytes = asByteString(header);
  let plain: string | undefined;
  let extended: string | undefined;
  const pieces = new Map<number, ContinuationPiece>();
  for (const { name, value, rawValue } of parameters(afterDispositionType(bytes))) {
    const key = name.toLowerCase();
    if (key === 'filename') {
      plain ||= decodeFilenameValue(value);
    } else if (key === 'filename*') {
      extended ||= decodeExtendedValue(rawValue);
    } else {
      const continuation = /^filename\*(0|[1-9][0-9]{0,2})(\*?)$/.exec(key);
      const index = Number(continuation?.[1]);
      if (continuation !== null && !pieces.has(index)) pieces.set(index, { encoded: continuation[2] === '*', value, rawValue });
    }
  }
  return extended || joinContinuation(pieces) || plain || undefined;
}

/**
 * The one Content-Disposition of a response, from its raw header lines.
 * Two different ones are refused, as Chromium does: a sign of a response
 * split by an injected header, and no way to tell which name is meant.
 */
export function singleContentDisposition(rawHeaders: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== 'content-disposition') continue;
    const value = (rawHeaders[i + 1] ?? '').trim();
    if (found !== undefined && found !== value) {
      throw new DownloadError('bad_response', 'two different Content-Disposition headers in one response');
    }
    found = value;
  }
  return found;
}

interface Parameter {
  readonly name: string;
  /** Unquoted. */
  readonly value: string;
  /** As sent, quotes included. */
  readonly rawValue: string;
}

interface ContinuationPiece {
  readonly encoded: boolean;
  readonly value: string;
  readonly rawValue: string;
}

const nonAscii = /[\u0080-\u{10ffff}]/u;
const beyondLatin1 = /[\u0100-\u{10ffff}]/u;
const tokenCharacters = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header text holding non-Latin-1 characters did not come off the wire: read it as its UTF-8 bytes. */
function asByteString(header: string): string {
  return beyondLatin1.test(header) ? Buffer.from(header, 'utf8').toString('latin1') : header;
}

/** The parameters start after the type, or at the start when there is no valid type (`filename=x` alone). */
function afterDispositionType(header: string): string {
  const semicolon = header.indexOf(';');
  const type = trimLinearWhitespace(semicolon === -1 ? header : header.slice(0, semicolon));
  if (type === '' || !tokenCharacters.test(type)) return header;
  return semicolon === -1 ? '' : header.slice(semicolon + 1);
}

function* parameters(section: string): Generator<Parameter> {
  for (const element of splitOutsideQuotes(section)) {
    const trimmed = trimLinearWhitespace(element);
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    // Not `name=value`, or an `=` inside a quoted string: nothing after this can be trusted.
    if (equals <= 0 || trimmed.slice(0, equals).includes('"')) return;
    const name = trimLinearWhitespace(trimmed.slice(0, equals));
    if (name === '') return;
    const rawValue = trimLinearWhitespace(trimmed.slice(equals + 1));
    yield { name, value: unquote(rawValue), rawValue };
  }
}

/** Splits at `;` except inside double quotes (where a backslash escapes the next character). */
function splitOutsideQuotes(text: string): string[] {
  const elements: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted && char === '\\') i += 1;
    else if (char === '"') quoted = !quoted;
    else if (char === ';' && !quoted) {
      elements.push(text.slice(start, i));
      start = i + 1;
    }
  }
  elements.push(text.slice(start));
  return elements;
}

/** A quoted string loses its quotes and escapes; an unbalanced one only its opening quote (`"foo.html".txt` → `foo.html".txt`). */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  if (value.length < 2 || !value.endsWith('"')) return value.slice(1);
  return value.slice(1, -1).replace(/\\(.?)/gsu, '$1');
}

function trimLinearWhitespace(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * A plain `filename` value, word by word: whitespace becomes a space, except
 * right after an encoded word (`=?…?= .png` → `….png`); one bad word spoils the value.
 */
function decodeFilenameValue(value: string): string | undefined {
  let decoded = '';
  let afterEncodedWord = true;
  for (const piece of value.split(/([ \t\r\n])/)) {
    if (piece === '') continue;
    if (/^[ \t\r\n]$/.test(piece)) {
      if (!afterEncodedWord) decoded += ' ';
      continue;
    }
    const word = decodeWord(piece);
    if (word === undefined) return undefined;
    decoded += word.text;
    afterEncodedWord = word.encoded;
  }
  return decoded;
}

function decodeWord(word: string): { text: string; encoded: boolean } | undefined {
  // Raw 8-bit bytes: UTF-8 when they are valid UTF-8 (never guessed at otherwise).
  if (nonAscii.test(word)) {
    const text = decodeBytes(Buffer.from(word, 'latin1'), 'utf-8');
    return text === undefined ? undefined : { text, encoded: false };
  }
  if (word.startsWith('=?')) {
    const text = decodeEncodedWord(word);
    return text === undefined ? undefined : { text, encoded: true };
  }
  // What IE and servers built for it send: percent-escaped UTF-8.
  const text = decodeBytes(percentDecode(word), 'utf-8');
  return text === undefined ? undefined : { text, encoded: false };
}

/** RFC 2047: `=?charset?B|Q?text?=`, the whole word and nothing else. */
function decodeEncodedWord(word: string): string | undefined {
  const match = /^=\?([^?]+)\?([BbQq])\?([^?]+)\?=$/.exec(word);
  if (match === null) return undefined;
  const [, charset = '', encoding = '', text = ''] = match;
  const bytes = encoding.toUpperCase() === 'B' ? base64Decode(text) : qDecode(text);
  return bytes === undefined ? undefined : decodeBytes(bytes, charset);
}

function base64Decode(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** RFC 2047's Q encoding: `_` is a space, `=XX` a byte, other printable ASCII itself. */
function qDecode(text: string): Buffer | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '_') bytes.push(0x20);
    else if (char === '=') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (char > ' ' && char < '\u007f') bytes.push(char.charCodeAt(0));
    else return undefined;
  }
  return Buffer.from(bytes);
}

/** RFC 8187: `charset'language'percent-encoded`, ASCII only, never quoted. */
function decodeExtendedValue(rawValue: string): string | undefined {
  const parts = splitExtendedValue(rawValue);
  return parts === undefined ? undefined : decodeBytes(percentDecode(parts.text), parts.charset);
}

function splitExtendedValue(rawValue: string): { charset: string; text: string } | undefined {
  if (rawValue.includes('"') || nonAscii.test(rawValue)) return undefined;
  const charsetEnd = rawValue.indexOf("'");
  const languageEnd = charsetEnd === -1 ? -1 : rawValue.indexOf("'", charsetEnd + 1);
  if (languageEnd === -1) return undefined;
  return { charset: rawValue.slice(0, charsetEnd), text: rawValue.slice(languageEnd + 1) };
}

/**
 * RFC 2231 continuations, joined from `*0` up to the first missing index.
 * The charset comes with an encoded `*0*`; encoded pieces are percent-escaped
 * bytes in it, the others literal.
 */
function joinContinuation(pieces: ReadonlyMap<number, ContinuationPiece>): string | undefined {
  const chunks: Buffer[] = [];
  let charset = 'utf-8';
  for (let index = 0; pieces.has(index); index += 1) {
    const piece = pieces.get(index);
    if (piece === undefined) break;
    if (!piece.encoded) {
      chunks.push(Buffer.from(piece.value, 'latin1'));
      continue;
    }
    let text = piece.rawValue;
    if (index === 0) {
      const parts = splitExtendedValue(text);
      if (parts === undefined) return undefined;
      charset = parts.charset;
      text = parts.text;
    } else if (text.includes('"') || nonAscii.test(text)) {
      return undefined;
    }
    chunks.push(percentDecode(text));
  }
  return chunks.length === 0 ? undefined : decodeBytes(Buffer.concat(chunks), charset);
}

/** `%XX` becomes the byte; a `%` not followed by two hex digits stays as it is (`50%.html`). */
function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Text in any charset the platform knows (WHATWG labels: Shift_JIS, EUC-KR, GBK …); undefined for an unknown charset or invalid bytes. */
function decodeBytes(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
