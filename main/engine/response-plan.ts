import type { IncomingHttpHeaders } from 'node:http';
import { errorCodes } from '../../app/domain/error-codes.js';
import { parseRetryAfter } from '../../app/domain/retry-delay.js';
import { codeForStatus, DownloadError } from './download-error.js';
import type { Validator } from './transfer-state.js';

/** What to do with an answer to a download request, decided before reading its body. */
export type ResponsePlan =
  /** Write the body at `start`; `total` is the whole file's size when known. */
  | { readonly kind: 'write'; readonly start: number; readonly total: number | undefined; readonly bodyLength: number | undefined }
  /** The partial file already holds every byte (416 whose size matches). */
  | { readonly kind: 'complete'; readonly total: number }
  /** The file is empty: no range of it exists, so a request from byte 0 got 416 with `bytes *\/0` (RFC 9110 §15.5.17). */
  | { readonly kind: 'empty' }
  /**
   * The partial bytes cannot be trusted: ask again from zero. `changed` says
   * the answer describes another version of the file (validator or size), so
   * every byte kept from the old one must go.
   */
  | { readonly kind: 'restart'; readonly reason: string; readonly changed: boolean };

/** What the bytes already on disk were: the file an answer must still describe. */
export interface KnownFile {
  readonly totalBytes?: number | undefined;
  readonly validator?: Validator | undefined;
}

/**
 * Resume rules (RFC 9110 §14): a 206 must start exactly where we asked and
 * describe the file we had (same strong ETag, same Last-Modified, same size),
 * whether or not the server honoured If-Range; a 200 to a range request means
 * the server ignored the range or the file changed, so the body replaces the
 * partial file.
 */
export function planResponse(requestedStart: number, known: KnownFile, status: number, headers: IncomingHttpHeaders, nowMs: number): ResponsePlan {
  const knownTotal = known.totalBytes;
  const length = contentLength(headers);
  const encoded = isEncoded(headers);
  if (status === 200) {
    return { kind: 'write', start: 0, total: encoded ? undefined : length, bodyLength: length };
  }
  if (status === 206) {
    const range = parseContentRange(headers['content-range']);
    if (range === undefined || range.start === undefined || range.end === undefined) {
      return failOrRestart(requestedStart, `unreadable Content-Range "${headers['content-range'] ?? ''}"`);
    }
    if (range.start !== requestedStart) {
      return failOrRestart(requestedStart, `asked for bytes from ${requestedStart}, got ${range.start}`);
    }
    if (length !== undefined && length !== range.end - range.start + 1) {
      return failOrRestart(requestedStart, 'Content-Length does not match Content-Range');
    }
    const change = fileChange(known, range.total, headers);
    if (change !== undefined) return { kind: 'restart', reason: `the file changed on the server (${change})`, changed: true };
    return { kind: 'write', start: range.start, total: range.total ?? knownTotal, bodyLength: range.end - range.start + 1 };
  }
  if (status === 416 && requestedStart === 0 && parseContentRange(headers['content-range'])?.total === 0 && (known.totalBytes ?? 0) === 0) {
    return { kind: 'empty' };
  }
  if (status === 416 && requestedStart > 0) {
    const range = parseContentRange(headers['content-range']);
    if (range?.total !== undefined && range.total === requestedStart && (knownTotal === undefined || knownTotal === range.total)) {
      return { kind: 'complete', total: range.total };
    }
    return { kind: 'restart', reason: 'the server cannot serve the remaining range', changed: false };
  }
  const retryAfterMs = parseRetryAfter(boundedRetryAfter(headerValue(headers['retry-after'])), nowMs);
  const code = codeForStatus(status);
  // "not found (HTTP 404): HTTP 404" says nothing twice; "server failed (HTTP 5xx)" wants the number.
  const detail = errorCodes[code].summary.includes(String(status)) ? undefined : `HTTP ${status}`;
  throw new DownloadError(code, detail, { status, retryAfterMs });
}

/**
 * How a 206 shows that it comes from another version of the file than the
 * bytes we hold, or undefined when it is the same one. Servers and caches that
 * ignore If-Range send such answers; taking one would splice two versions.
 */
function fileChange(known: KnownFile, total: number | undefined, headers: IncomingHttpHeaders): string | undefined {
  if (known.totalBytes !== undefined && total !== known.totalBytes) return `size ${known.totalBytes}, now ${total ?? 'unknown'}`;
  const now = validatorFrom(headers);
  const before = known.validator;
  if (before?.etag !== undefined && now?.etag !== before.etag) return `ETag ${before.etag}, now ${now?.etag ?? 'none'}`;
  if (before?.lastModified !== undefined && now?.lastModified !== before.lastModified) {
    return `Last-Modified ${before.lastModified}, now ${now?.lastModified ?? 'none'}`;
  }
  return undefined;
}

function failOrRestart(requestedStart: number, reason: string): ResponsePlan {
  if (requestedStart === 0) throw new DownloadError('bad_range_response', reason);
  return { kind: 'restart', reason, changed: false };
}

/**
 * What identifies the file for a later If-Range and for checking every range
 * answer: a strong ETag (weak ones prove nothing) and Last-Modified, each when sent.
 */
export function validatorFrom(headers: IncomingHttpHeaders): Validator | undefined {
  const etag = headerValue(headers.etag)?.trim();
  const strongEtag = etag !== undefined && etag.startsWith('"') ? etag : undefined;
  const lastModified = headerValue(headers['last-modified'])?.trim() || undefined;
  if (strongEtag === undefined && lastModified === undefined) return undefined;
  return strongEtag === undefined ? { lastModified } : lastModified === undefined ? { etag: strongEtag } : { etag: strongEtag, lastModified };
}

/** The strong ETag when there is one, else the date (as Chromium does). */
export function ifRangeValue(validator: Validator): string | undefined {
  return validator.etag ?? validator.lastModified;
}

export function isEncoded(headers: IncomingHttpHeaders): boolean {
  const encoding = contentEncoding(headers);
  return encoding !== undefined && encoding !== 'identity';
}

export function contentEncoding(headers: IncomingHttpHeaders): string | undefined {
  return headerValue(headers['content-encoding'])?.trim().toLowerCase() || undefined;
}

export function contentLength(headers: IncomingHttpHeaders): number | undefined {
  const value = headerValue(headers['content-length']);
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return headerNumber('Content-Length', value.trim(), maxFileBytes);
}

/**
 * 1 PiB: more than any file served over HTTP, and small enough that sizes,
 * offsets and their sums stay exact integers in JavaScript and in SQLite.
 */
export const maxFileBytes = 2 ** 50;
/** A server asking to be left alone for more than a year is not answering. */
const maxRetryAfterSeconds = 366 * 24 * 60 * 60;

/**
 * A number from a header, which must be an exact integer within `max`: a
 * hostile or broken value (99999999999999999999) is a bad answer for this
 * download, never a number stored, added up or waited for.
 */
function headerNumber(header: string, digits: string, max: number): number {
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > max) {
    throw new DownloadError('bad_response', `${header} ${digits.length > 24 ? `${digits.slice(0, 24)}…` : digits} is out of range`);
  }
  return value;
}

/** Retry-After as sent, once its delta-seconds (when it is a number) is known to be sane. */
function boundedRetryAfter(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (trimmed !== undefined && /^\d+$/.test(trimmed)) headerNumber('Retry-After', trimmed, maxRetryAfterSeconds);
  return value;
}

interface ContentRange {
  readonly start?: number;
  readonly end?: number;
  readonly total?: number;
}

/** "bytes 0-99/1000", "bytes 0-99/*", "bytes *\/1000" (RFC 9110 §14.4); a number out of range throws bad_response. */
export function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(value);
  if (!match) return undefined;
  const total = match[3] === '*' || match[3] === undefined ? undefined : headerNumber('Content-Range', match[3], maxFileBytes);
  if (match[1] === undefined || match[2] === undefined) return total === undefined ? undefined : { total };
  const start = headerNumber('Content-Range', match[1], maxFileBytes);
  const end = headerNumber('Content-Range', match[2], maxFileBytes);
  if (end < start || (total !== undefined && end >= total)) return undefined;
  return total === undefined ? { start, end } : { start, end, total };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
