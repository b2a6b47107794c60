/**
 * The closed set of reasons a transfer can fail. The queue, the CLI and the UI
 * all speak this vocabulary; codes are stored in the database, so a code is
 * never renamed or reused once released (new ones are only appended).
 */
export const errorCodes = {
  bad_url: { retryable: false, summary: 'the address is not a valid http(s) URL' },
  network_failed: { retryable: true, summary: 'the connection failed' },
  connect_timeout: { retryable: true, summary: 'the server did not answer in time' },
  stalled: { retryable: true, summary: 'the server stopped sending data' },
  body_incomplete: { retryable: true, summary: 'the server sent fewer bytes than it announced' },
  bad_range_response: { retryable: true, summary: 'the server answered a range request with the wrong range' },
  request_timeout: { retryable: true, summary: 'the server timed out the request (HTTP 408)' },
  server_busy: { retryable: true, summary: 'the server is busy (HTTP 429/503)' },
  server_error: { retryable: true, summary: 'the server failed (HTTP 5xx)' },
  unauthorized: { retryable: false, summary: 'the server requires authentication (HTTP 401)' },
  forbidden: { retryable: false, summary: 'the server refused access (HTTP 403)' },
  not_found: { retryable: false, summary: 'the file does not exist on the server (HTTP 404)' },
  gone: { retryable: false, summary: 'the file was removed from the server (HTTP 410)' },
  http_error: { retryable: false, summary: 'the server answered with an error' },
  too_many_redirects: { retryable: false, summary: 'too many redirects' },
  redirect_scheme: { retryable: false, summary: 'redirected to an address that is not http(s)' },
  tls_error: { retryable: false, summary: 'the secure connection could not be verified' },
  checksum_mismatch: { retryable: false, summary: 'the downloaded file does not match the expected checksum' },
  no_space: { retryable: false, summary: 'not enough free disk space' },
  file_error: { retryable: false, summary: 'the file could not be written' },
  canceled: { retryable: false, summary: 'stopped by the user' },
  bad_response: { retryable: false, summary: 'the server sent an answer that cannot be used' },
  file_too_large: { retryable: false, summary: 'the file is larger than this disk or folder allows' },
  already_exists: { retryable: false, summary: 'a file with that name was already there' },
  running_elsewhere: { retryable: false, summary: 'another Peregrine process is downloading it' },
  // A fault of ours (a bug), not of the network or the server: trying again would only repeat it.
  internal: { retryable: false, summary: 'an internal error stopped the download' },
} as const satisfies Record<string, { readonly retryable: boolean; readonly summary: string }>;

export type ErrorCode = keyof typeof errorCodes;

export function isRetryable(code: ErrorCode): boolean {
  return errorCodes[code].retryable;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
