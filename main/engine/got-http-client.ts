import got from 'got';
import { singleContentDisposition } from './content-disposition.js';
import type { HttpClient, HttpResponse } from './http-client.js';

export const userAgent = 'Peregrine/0.1 (+https://github.com/peregrine-dm/peregrine)';

/** The engine's HTTP client over got, with every automatic behaviour turned off. */
export function createGotHttpClient(): HttpClient {
  return {
    request: ({ url, headers, signal, connectTimeoutMs }) =>
      new Promise<HttpResponse>((resolve, reject) => {
        const stream = got.stream(url, {
          headers: { 'user-agent': userAgent, ...headers },
          decompress: false,
          followRedirect: false,
          throwHttpErrors: false,
          retry: { limit: 0 },
          signal,
          timeout: {
            lookup: connectTimeoutMs,
            connect: connectTimeoutMs,
            secureConnect: connectTimeoutMs,
            response: connectTimeoutMs,
          },
        });
        // Stays attached: a late error must not go unhandled; the body's reader sees it too.
        stream.on('error', reject);
        stream.once('response', (response: { statusCode: number; headers: HttpResponse['headers']; rawHeaders: string[] }) => {
          let disposition: string | undefined;
          try {
            disposition = singleContentDisposition(response.rawHeaders);
          } catch (error) {
            stream.destroy();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          resolve({
            status: response.statusCode,
            // Node joins repeated headers with ", ", which would put a comma into the name.
            headers: disposition === undefined ? response.headers : { ...response.headers, 'content-disposition': disposition },
            body: stream,
            discard: () => stream.destroy(),
          });
        });
      }),
  };
}
