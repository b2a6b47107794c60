import { errorCodes, isRetryable, type ErrorCode } from '../../app/domain/error-codes.js';

/** A failure the engine understands: a stable code plus what the user needs to read. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  readonly code: ErrorCode;
  readonly status: number | undefined;
  /** The server's Retry-After, in ms from when the answer arrived. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, detail?: string, extra: { status?: number; retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(detail ? `${errorCodes[code].summary}: ${detail}` : errorCodes[code].summary, { cause: extra.cause });
    this.code = code;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }
}

/** The code for an HTTP status that is not a usable answer to a download request. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
    case 407:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 408:
      return 'request_timeout';
    case 410:
      return 'gone';
    case 429:
    case 503:
      return 'server_busy';
    default:
      return status >= 500 && status <= 599 ? 'server_error' : 'http_error';
  }
}

const networkErrorCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'HPE_INVALID_CHUNK_SIZE',
  'ERR_HTTP2_STREAM_ERROR',
]);

const diskFullCodes = new Set(['ENOSPC', 'EDQUOT']);

/** Turns whatever a transfer threw into a DownloadError, keeping the original as the cause. */
export function toDownloadError(error: unknown): DownloadError {
  if (error instanceof DownloadError) return error;
  const code = errorCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ABORT_ERR' || (error instanceof Error && error.name === 'AbortError')) {
    return new DownloadError('canceled', undefined, { cause: error });
  }
  if (code === 'ETIMEDOUT') return new DownloadError('connect_timeout', message, { cause: error });
  if (code !== undefined && diskFullCodes.has(code)) return new DownloadError('no_space', message, { cause: error });
  // A limit on one file's size (`ulimit -f`, FAT32's 4 GiB): freeing space would not help.
  if (code === 'EFBIG') return new DownloadError('file_too_large', message, { cause: error });
  if (code !== undefined && /^(E(ACCES|PERM|ROFS|ISDIR|NOTDIR|NAMETOOLONG|EXIST|MFILE|NFILE|IO|LOOP))$/.test(code)) {
    return new DownloadError('file_error', message, { cause: error });
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_UNSUPPORTED_PROTOCOL') {
    return new DownloadError('bad_url', message, { cause: error });
  }
  if (code !== undefined && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_SSL/.test(code)) {
    return new DownloadError('tls_error', message, { cause: error });
  }
  if (code !== undefined && networkErrorCodes.has(code)) return new DownloadError('network_failed', message, { cause: error });
  // Node's HTTP parser refused the answer (a bare LF in a header, say): asking again gets the same answer.
  if (code?.startsWith('HPE_') === true) {
    return new DownloadError('bad_response', `the HTTP parser refused it: ${message.replace(/^Parse Error: /, '')} (${code})`, { cause: error });
  }
  // A TypeError or RangeError of our own is a bug: reported as one (with its stack kept as the cause), never retried as network trouble.
  if (isProgrammingError(error)) return new DownloadError('internal', message, { cause: error });
  // Other unknown failures mid-transfer are nearly always transient network trouble.
  return new DownloadError('network_failed', message, { cause: error });
}

/** A connection cut before the announced length is reported as what it is: a short body. */
export function shortBodyError(error: unknown, received: number, expected: number | undefined): unknown {
  if (error instanceof DownloadError || expected === undefined || received >= expected) return error;
  const code = errorCodeOf(error);
  if (code === 'ABORT_ERR' || (error as Error).name === 'AbortError') return error;
  return new DownloadError('body_incomplete', `connection closed after ${received} of ${expected} bytes`, { cause: error });
}

function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
