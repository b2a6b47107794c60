import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { BodyReader } from '../../main/engine/body-reader.js';
import { systemClock } from '../../main/engine/clock.js';
import { toDownloadError } from '../../main/engine/download-error.js';
import { createGotHttpClient } from '../../main/engine/got-http-client.js';
import type { HttpResponse } from '../../main/engine/http-client.js';
import { makePayload } from '../fixtures/payload.js';
import { server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

const http = createGotHttpClient();
let keys = 0;

/**
 * Asks for `path` and returns its answer only once the server has closed the
 * connection and the client has had time to see it: the body is all in the
 * client's buffers, nobody reading it yet (as while the engine opens the file).
 */
async function answerClosedBeforeReading(path: string): Promise<HttpResponse> {
  const url = server.url(path);
  const response = await http.request({ url, headers: {}, signal: new AbortController().signal, connectTimeoutMs: 5_000 });
  const recorded = server.requestsTo(path.split('?')[0] ?? path).at(-1);
  for (let waited = 0; recorded?.closed !== true && waited < 5_000; waited += 10) await sleep(10);
  assert.equal(recorded?.closed, true, 'the server closed the connection');
  await sleep(100);
  return response;
}

async function readAll(response: HttpResponse): Promise<{ readonly bytes: Buffer; readonly error: unknown }> {
  const chunks: Buffer[] = [];
  const reader = new BodyReader(
    { body: response.body, bodyLength: Number(response.headers['content-length']) },
    {
      idleTimeoutMs: 5_000,
      limiters: undefined,
      clock: systemClock,
      signal: new AbortController().signal,
      take: (chunk) => {
        chunks.push(chunk);
        return undefined;
      },
    },
  );
  try {
    await reader.read();
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

describe('a body read only after its connection closed', () => {
  test('sent whole: every byte is read', async () => {
    const response = await answerClosedBeforeReading(`/whole-close?size=50000&key=w${(keys += 1)}`);
    const { bytes, error } = await readAll(response);
    assert.equal(error, undefined);
    assert.ok(bytes.equals(makePayload(50_000)), `read ${bytes.length} of 50000 bytes`);
  });

  test('shorter than its Content-Length: the bytes that came are read before the error', async () => {
    const response = await answerClosedBeforeReading(`/short?size=50000&claim=80000&key=s${(keys += 1)}`);
    const { bytes, error } = await readAll(response);
    assert.equal(toDownloadError(error).code, 'body_incomplete');
    assert.match(toDownloadError(error).message, /after 50000 of 80000 bytes/);
    assert.ok(bytes.equals(makePayload(50_000)), `read ${bytes.length} of the 50000 bytes sent`);
  });
});
