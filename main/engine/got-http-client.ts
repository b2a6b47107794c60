import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import got, { type Got } from 'got';
import { singleContentDisposition } from './content-disposition.js';
import { DownloadError } from './download-error.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { KeptBody } from './kept-body.js';

export const userAgent = 'Peregrine/0.1 (+https://github.com/peregrine-dm/peregrine)';

/**
 * got with every automatic behaviour turned off, made once: got merges a
 * request's options into its instance's, so what never changes is merged
 * here instead of on every request (a measurable part of a small file's cost).
 * Connections are reused through Node's global agent, which keeps them alive.
 */
const engineGot = got.extend({
  headers: { 'user-agent': userAgent },
  decompress: false,
  followRedirect: false,
  throwHttpErrors: false,
  retry: { limit: 0 },
});

/**
 * The engine's got with its timeouts, one instance per value (a download's
 * timeout rarely differs from the default): options left out of a request
 * cost got no merging on it.
 */
const gotByTimeout = new Map<number, Got>();
function gotWithTimeout(ms: number): Got {
  let instance = gotByTimeout.get(ms);
  if (instance === undefined) {
    instance = engineGot.extend({ timeout: { lookup: ms, connect: ms, secureConnect: ms, response: ms } });
    gotByTimeout.set(ms, instance);
  }
  return instance;
}

/** The engine's HTTP client over got. */
export function createGotHttpClient(): HttpClient {
  return {
    request: ({ url, headers, signal, connectTimeoutMs }) =>
      new Promise<HttpResponse>((resolve, reject) => {
        const stream = gotWithTimeout(connectTimeoutMs).stream(url, { headers, signal });
        // Stays attached: a late error must not go unhandled; the body's reader sees it too.
        stream.on('error', reject);
        const refuse = (status: number): void => {
          const error = new DownloadError('bad_response', `HTTP ${status} is not an answer to a download request`, { status });
          reject(error);
          stream.destroy(error);
        };
        // A 101 (or another 1xx as the final answer) never becomes a response: without this the request would wait forever.
        stream.once('request', (request: ClientRequest) => {
          request.once('upgrade', (response: IncomingMessage, socket: Duplex) => {
            // The socket is handed over on an upgrade: nobody else closes it.
            socket.destroy();
            refuse(response.statusCode ?? 101);
          });
          request.on('information', ({ statusCode }: { statusCode: number }) => {
            if (statusCode !== 100 && statusCode !== 103) refuse(statusCode);
          });
        });
        stream.once('response', (response: { statusCode: number; headers: HttpResponse['headers']; rawHeaders: string[] }) => {
          let disposition: string | undefined;
          try {
            disposition = singleContentDisposition(response.rawHeaders);
          } catch (error) {
            stream.destroy();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          const body = new KeptBody(stream);
          resolve({
            status: response.statusCode,
            // Node joins repeated headers with ", ", which would put a comma into the name.
            headers: disposition === undefined ? response.headers : { ...response.headers, 'content-disposition': disposition },
            body,
            discard: () => body.destroy(),
          });
        });
      }),
  };
}
