import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { headersFor, isDowngrade, requestFollowingRedirects } from '../../main/engine/follow-redirects.js';
import type { HttpClient, HttpRequest } from '../../main/engine/http-client.js';

const headers = { Authorization: 'Bearer t', cookie: 'a=b', 'PROXY-AUTHORIZATION': 'Basic x', 'X-Other': 'kept' };
const withoutCredentials = { 'X-Other': 'kept' };

describe('headersFor', () => {
  const cases: [url: string, userUrl: string, expected: Record<string, string>][] = [
    ['https://example.com/a', 'https://example.com/b?x=1', headers],
    ['https://example.com:443/a', 'https://example.com/b', headers],
    ['http://example.com/a', 'https://example.com/a', withoutCredentials],
    ['https://example.com:8443/a', 'https://example.com/a', withoutCredentials],
    ['https://cdn.example.com/a', 'https://example.com/a', withoutCredentials],
    ['https://EXAMPLE.com/a', 'https://example.com/a', headers],
  ];
  for (const [url, userUrl, expected] of cases) {
    test(`${url} for ${userUrl}`, () => assert.deepEqual(headersFor(url, headers, userUrl), expected));
  }
});

describe('isDowngrade', () => {
  test('https asked, http answering', () => {
    assert.equal(isDowngrade('https://example.com/a', 'http://example.com/a'), true);
    assert.equal(isDowngrade('https://example.com/a', 'https://cdn.example.com/a'), false);
    assert.equal(isDowngrade('http://example.com/a', 'http://cdn.example.com/a'), false);
  });
});

/**
 * An https fixture needs a certificate the engine would trust, so the
 * https → http hop is checked here with a scripted client; origins by port
 * are covered against real servers in test/integration/credentials.test.ts.
 */
describe('requestFollowingRedirects', () => {
  /** What the engine does for the user's https://example.com/file with these headers. */
  function fetchFile(client: HttpClient, requestHeaders: Record<string, string>): ReturnType<typeof requestFollowingRedirects> {
    return requestFollowingRedirects(client, {
      url: 'https://example.com/file',
      userUrl: 'https://example.com/file',
      headers: requestHeaders,
      signal: new AbortController().signal,
      connectTimeoutMs: 1000,
    });
  }

  function scripted(answers: Record<string, { status: number; location?: string }>): { client: HttpClient; sent: HttpRequest[] } {
    const sent: HttpRequest[] = [];
    const client: HttpClient = {
      request: (request) => {
        sent.push(request);
        const answer = answers[request.url] ?? { status: 404 };
        return Promise.resolve({
          status: answer.status,
          headers: answer.location === undefined ? {} : { location: answer.location },
          body: Readable.from([]),
          discard: () => undefined,
        });
      },
    };
    return { client, sent };
  }

  test('an https → http redirect on the same host is followed without credentials, and not remembered', async () => {
    const { client, sent } = scripted({
      'https://example.com/file': { status: 301, location: 'http://example.com/file' },
      'http://example.com/file': { status: 200 },
    });
    const followed = await fetchFile(client, headers);
    assert.deepEqual(
      sent.map((request) => [request.url, request.headers]),
      [
        ['https://example.com/file', headers],
        ['http://example.com/file', withoutCredentials],
      ],
    );
    assert.equal(followed.url, 'http://example.com/file');
    assert.equal(followed.permanentUrl, undefined);
    assert.equal(isDowngrade('https://example.com/file', followed.url), true);
  });

  test('without credentials a permanent redirect elsewhere is remembered; back to the user\'s origin they go again', async () => {
    const { client, sent } = scripted({
      'https://example.com/file': { status: 308, location: 'https://cdn.example.com/file' },
      'https://cdn.example.com/file': { status: 301, location: 'https://example.com/final' },
      'https://example.com/final': { status: 200 },
    });
    const plain = await fetchFile(client, withoutCredentials);
    assert.equal(plain.permanentUrl, 'https://example.com/final');
    sent.length = 0;
    const credentialed = await fetchFile(client, headers);
    assert.deepEqual(
      sent.map((request) => request.headers),
      [headers, withoutCredentials, headers],
    );
    assert.equal(credentialed.permanentUrl, 'https://example.com/final');
  });
});
