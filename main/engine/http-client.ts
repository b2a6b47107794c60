import type { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Limit for connecting and for the answer's headers to arrive. */
  readonly connectTimeoutMs: number;
}

/** An answer whose body has not been read yet: bytes exactly as sent (no decoding). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
  /** Closes the connection without reading the body (redirects, errors). */
  discard(): void;
}

/** One request, no redirects followed, no retries: the engine decides both. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}
