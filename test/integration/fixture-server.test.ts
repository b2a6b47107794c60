import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startFixtureServer } from '../fixtures/fixture-server.js';
import type { FixtureServer } from '../fixtures/fixture-server.js';
import { makeGzip, makePayload, makeText, sha256, sha256File } from '../fixtures/payload.js';
import { rawRequest } from '../fixtures/raw-request.js';
import { FIXTURE_LAST_MODIFIED, etagFor } from '../fixtures/routes/file-options.js';

const MiB = 1_048_576;
const TEST = { timeout: 10_000 };

/** How the server ended a connection, seen below HTTP. */
interface WireExchange {
  readonly bytes: Buffer;
  readonly ending: 'fin' | 'reset' | 'timeout';
}

// A keep-alive request: a server that ends the connection does so on its own.
function wireExchange(server: FixtureServer, path: string, timeoutMs = 2_000): Promise<WireExchange> {
  const port = Number(new URL(server.origin).port);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (ending: WireExchange['ending']): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ending });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish('fin'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' ? 'reset' : 'timeout'));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

function bodyOf(exchange: WireExchange): Buffer {
  const end = exchange.bytes.indexOf('\r\n\r\n');
  assert.notEqual(end, -1, 'response head is complete');
  return exchange.bytes.subarray(end + 4);
}

describe('payload', () => {
  it('makePayload is deterministic, exact in size, seed-dependent and prefix-stable', () => {
    assert.equal(makePayload(1001).length, 1001);
    assert.equal(makePayload(0).length, 0);
    assert.deepEqual(makePayload(4096, 7), makePayload(4096, 7));
    assert.notDeepEqual(makePayload(4096, 1), makePayload(4096, 2));
    assert.deepEqual(makePayload(1001, 3), makePayload(5000, 3).subarray(0, 1001));
  });

  it('makePayload is incompressible and makeText is compressible ASCII', () => {
    assert.ok(gzipSync(makePayload(MiB)).length > MiB * 0.99);
    const text = makeText(100_000, 2);
    assert.equal(text.length, 100_000);
    assert.ok(gzipSync(text).length < 100_000 / 4);
    assert.match(text.toString('latin1'), /^[a-z \n]+$/);
    assert.deepEqual(makeText(999, 2), text.subarray(0, 999));
    assert.notDeepEqual(makeText(999, 3), makeText(999, 2));
    assert.deepEqual(gunzipSync(makeGzip(5000, 4)), makeText(5000, 4));
  });

  it('sha256 and sha256File agree on known content', async () => {
    assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const dir = await mkdtemp(join(tmpdir(), 'peregrine-fixture-'));
    try {
      const content = makePayload(3 * MiB + 5, 9);
      await writeFile(join(dir, 'f.bin'), content);
      assert.equal(await sha256File(join(dir, 'f.bin')), sha256(content));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('fixture server', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });

  describe('basics', () => {
    it('listens on 127.0.0.1 and records requests with lowercased headers', TEST, async () => {
      assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(server.url('/file?size=1'), `${server.origin}/file?size=1`);
      await rawRequest(server.url('/file?size=3&basics=1'), { headers: { 'X-Probe': 'yes' } });
      const [recorded, ...rest] = server.requestsTo('/file?size=3&basics=1');
      assert.equal(rest.length, 0);
      assert.equal(recorded?.method, 'GET');
      assert.equal(recorded?.path, '/file?size=3&basics=1');
      assert.equal(recorded?.headers['x-probe'], 'yes');
      assert.ok(server.requests.includes(recorded));
    });

    it('answers 404 for unknown paths, 405 for other methods, 400 for bad parameters', TEST, async () => {
      assert.equal((await rawRequest(server.url('/nope'))).status, 404);
      const post = await rawRequest(server.url('/file'), { method: 'POST' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.allow, 'GET, HEAD');
      assert.equal((await rawRequest(server.url('/file?size=ten'))).status, 400);
      assert.equal((await rawRequest(server.url('/file?etag=maybe'))).status, 400);
    });

    it('close() ends stalled responses instead of hanging', TEST, async () => {
      const own = await startFixtureServer();
      const pending = rawRequest(own.url('/stall?size=1000&at=10'), { idleTimeoutMs: 8_000 });
      while (own.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = Date.now();
      await own.close();
      const response = await pending;
      assert.equal(response.outcome, 'aborted');
      assert.ok(Date.now() - started < 2_000);
    });
  });

  describe('/file', () => {
    it('serves the whole payload with validators', TEST, async () => {
      const response = await rawRequest(server.url('/file'));
      assert.equal(response.status, 200);
      assert.equal(response.outcome, 'complete');
      assert.deepEqual(response.body, makePayload(MiB, 1));
      assert.equal(response.headers['content-length'], String(MiB));
      assert.equal(response.headers.etag, '"1-1048576"');
      assert.equal(response.headers.etag, etagFor(1, MiB));
      assert.equal(response.headers['last-modified'], FIXTURE_LAST_MODIFIED.toUTCString());
      assert.equal(response.headers['accept-ranges'], 'bytes');
      assert.equal(response.headers['content-type'], 'application/octet-stream');
    });

    it('answers HEAD with the same headers and no body', TEST, async () => {
      const response = await rawRequest(server.url('/file?size=5000&seed=2'), { method: 'HEAD' });
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-length'], '5000');
      assert.equal(response.headers.etag, '"2-5000"');
      assert.equal(response.body.length, 0);
    });

    it('honors bytes=a-b, bytes=a- and bytes=-n', TEST, async () => {
      const payload = makePayload(10_000, 3);
      const cases = [
        { range: 'bytes=100-199', start: 100, end: 199 },
        { range: 'bytes=9000-', start: 9000, end: 9999 },
        { range: 'bytes=-10', start: 9990, end: 9999 },
        { range: 'bytes=9990-20000', start: 9990, end: 9999 },
      ];
      for (const { range, start, end } of cases) {
        const response = await rawRequest(server.url('/file?size=10000&seed=3'), { headers: { range } });
        assert.equal(response.status, 206, range);
        assert.equal(response.headers['content-range'], `bytes ${start}-${end}/10000`);
        assert.equal(response.headers['content-length'], String(end - start + 1));
        assert.deepEqual(response.body, payload.subarray(start, end + 1));
      }
    });

    it('answers 416 with bytes */size when the range is unsatisfiable', TEST, async () => {
      const response = await rawRequest(server.url('/file?size=100'), { headers: { range: 'bytes=100-' } });
      assert.equal(response.status, 416);
      assert.equal(response.headers['content-range'], 'bytes */100');
      const suffixZero = await rawRequest(server.url('/file?size=100'), { headers: { range: 'bytes=-0' } });
      assert.equal(suffixZero.status, 416);
      const empty = await rawRequest(server.url('/empty'), { headers: { range: 'bytes=0-' } });
      assert.equal(empty.status, 416);
      assert.equal(empty.headers['content-range'], 'bytes */0');
    });

    it('ignores malformed and multi-part ranges', TEST, async () => {
      for (const range of ['bytes=5-1', 'items=0-1', 'bytes=0-1,5-6']) {
        const response = await rawRequest(server.url('/file?size=100'), { headers: { range } });
        assert.equal(response.status, 200, range);
        assert.equal(response.body.length, 100);
      }
    });

    it('applies If-Range: exact strong ETag or exact date, else the full 200', TEST, async () => {
      const url = server.url('/file?size=1000');
      const date = FIXTURE_LAST_MODIFIED.toUTCString();
      const cases = [
        { ifRange: '"1-1000"', status: 206 },
        { ifRange: '"1-999"', status: 200 },
        { ifRange: 'W/"1-1000"', status: 200 },
        { ifRange: date, status: 206 },
        { ifRange: new Date(FIXTURE_LAST_MODIFIED.getTime() + 1000).toUTCString(), status: 200 },
      ];
      for (const { ifRange, status } of cases) {
        const response = await rawRequest(url, { headers: { range: 'bytes=500-', 'if-range': ifRange } });
        assert.equal(response.status, status, ifRange);
        assert.equal(response.body.length, status === 206 ? 500 : 1000);
      }
    });

    it('etag=weak never satisfies If-Range; etag=none and lm=none drop the validators', TEST, async () => {
      const weak = await rawRequest(server.url('/file?size=1000&etag=weak'), {
        headers: { range: 'bytes=500-', 'if-range': 'W/"1-1000"' },
      });
      assert.equal(weak.headers.etag, 'W/"1-1000"');
      assert.equal(weak.status, 200);
      const bare = await rawRequest(server.url('/file?size=10&etag=none&lm=none'));
      assert.equal(bare.headers.etag, undefined);
      assert.equal(bare.headers['last-modified'], undefined);
      assert.equal(bare.headers['accept-ranges'], 'bytes');
    });

    it('sends name, disposition and type verbatim, raw UTF-8 included', TEST, async () => {
      const hostile = '../../évil "x".exe';
      const named = await rawRequest(server.url(`/file?size=1&name=${encodeURIComponent(hostile)}&type=text%2Fhtml`));
      const disposition = named.headers['content-disposition'] ?? '';
      assert.equal(Buffer.from(disposition, 'latin1').toString('utf8'), `attachment; filename="${hostile}"`);
      assert.equal(named.headers['content-type'], 'text/html');
      const raw = "inline; filename*=UTF-8''%E2%80%AEtxt.exe; filename=a";
      const verbatim = await rawRequest(server.url(`/file?size=1&disposition=${encodeURIComponent(raw)}`));
      assert.equal(verbatim.headers['content-disposition'], raw);
      const injected = await rawRequest(server.url(`/file?size=1&name=${encodeURIComponent('a\r\nx: y')}`));
      assert.equal(injected.status, 400);
    });

    it('chunked=1 drops Content-Length and uses chunked encoding', TEST, async () => {
      const response = await rawRequest(server.url('/file?size=70000&chunked=1'));
      assert.equal(response.headers['content-length'], undefined);
      assert.equal(response.headers['transfer-encoding'], 'chunked');
      assert.equal(response.outcome, 'complete');
      assert.deepEqual(response.body, makePayload(70_000));
    });
  });

  describe('file quirks', () => {
    it('/empty is a 200 with Content-Length 0 and a strong ETag', TEST, async () => {
      const response = await rawRequest(server.url('/empty'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-length'], '0');
      assert.equal(response.headers.etag, '"1-0"');
      assert.equal(response.body.length, 0);
    });

    it('/ignore-range answers 200 to a Range while advertising ranges', TEST, async () => {
      const response = await rawRequest(server.url('/ignore-range?size=1000'), { headers: { range: 'bytes=10-' } });
      assert.equal(response.status, 200);
      assert.equal(response.headers['accept-ranges'], 'bytes');
      assert.equal(response.headers.etag, '"1-1000"');
      assert.deepEqual(response.body, makePayload(1000));
    });

    it('/changing serves a new version per request; a stale If-Range gets the new body', TEST, async () => {
      const url = server.url('/changing?key=changing-1&size=1000');
      const first = await rawRequest(url);
      assert.equal(first.headers.etag, '"1-1000"');
      assert.deepEqual(first.body, makePayload(1000, 1));
      const resumed = await rawRequest(url, { headers: { range: 'bytes=500-', 'if-range': first.headers.etag ?? '' } });
      assert.equal(resumed.status, 200);
      assert.equal(resumed.headers.etag, '"2-1000"');
      assert.deepEqual(resumed.body, makePayload(1000, 2));
      assert.notEqual(resumed.headers['last-modified'], first.headers['last-modified']);
      const current = await rawRequest(url, { headers: { range: 'bytes=500-', 'if-range': '"3-1000"' } });
      assert.equal(current.status, 206);
      assert.deepEqual(current.body, makePayload(1000, 3).subarray(500));
      const otherKey = await rawRequest(server.url('/changing?key=changing-2&size=1000'));
      assert.equal(otherKey.headers.etag, '"1-1000"');
    });

    it('/bad-content-range answers 206 for a range that starts elsewhere', TEST, async () => {
      const payload = makePayload(1000);
      const url = server.url('/bad-content-range?size=1000');
      const shifted = await rawRequest(url, { headers: { range: 'bytes=100-199' } });
      assert.equal(shifted.status, 206);
      assert.equal(shifted.headers['content-range'], 'bytes 0-99/1000');
      assert.deepEqual(shifted.body, payload.subarray(0, 100));
      const fromZero = await rawRequest(url, { headers: { range: 'bytes=0-9' } });
      assert.equal(fromZero.headers['content-range'], 'bytes 1-10/1000');
      assert.deepEqual(fromZero.body, payload.subarray(1, 11));
    });

    it('/range-only-once honors only the first Range request per key', TEST, async () => {
      const range = { range: 'bytes=10-' };
      const url = server.url('/range-only-once?key=once-1&size=100');
      assert.equal((await rawRequest(url)).status, 200);
      assert.equal((await rawRequest(url, { headers: range })).status, 206);
      assert.equal((await rawRequest(url, { headers: range })).status, 200);
      assert.equal((await rawRequest(server.url('/range-only-once?key=once-2&size=100'), { headers: range })).status, 206);
    });

    it('/gzip sends gzip bytes whatever the client accepts', TEST, async () => {
      const response = await rawRequest(server.url('/gzip?size=50000&seed=5'), {
        headers: { 'accept-encoding': 'identity' },
      });
      assert.equal(response.headers['content-encoding'], 'gzip');
      assert.equal(response.headers['content-type'], 'text/plain');
      assert.deepEqual(response.body, makeGzip(50_000, 5));
      assert.deepEqual(gunzipSync(response.body), makeText(50_000, 5));
      assert.equal(response.headers['content-length'], String(response.body.length));
      const tarball = await rawRequest(server.url('/gzip?size=100&name=x.tar.gz'));
      assert.equal(tarball.headers['content-type'], 'application/gzip');
      assert.equal(tarball.headers['content-disposition'], 'attachment; filename="x.tar.gz"');
    });
  });

  describe('broken bodies', () => {
    it('/reset sends `at` bytes then resets the connection', TEST, async () => {
      const response = await rawRequest(server.url('/reset?size=100000&at=1000'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-length'], '100000');
      assert.equal(response.outcome, 'aborted');
      assert.deepEqual(response.body, makePayload(1000));
      const wire = await wireExchange(server, '/reset?size=100000&at=1000');
      assert.equal(wire.ending, 'reset');
      assert.equal(bodyOf(wire).length, 1000);
    });

    it('/reset?at=0 sends only the head', TEST, async () => {
      const response = await rawRequest(server.url('/reset?size=1000&at=0'));
      assert.equal(response.status, 200);
      assert.equal(response.outcome, 'aborted');
      assert.equal(response.body.length, 0);
    });

    it('/reset counts `at` within each response, so every resume makes progress', TEST, async () => {
      const url = server.url('/reset?size=3000&at=1000&seed=6');
      const resumed = await rawRequest(url, { headers: { range: 'bytes=1000-' } });
      assert.equal(resumed.status, 206);
      assert.equal(resumed.outcome, 'aborted');
      assert.deepEqual(resumed.body, makePayload(3000, 6).subarray(1000, 2000));
      const tail = await rawRequest(url, { headers: { range: 'bytes=2000-' } });
      assert.equal(tail.outcome, 'complete');
    });

    it('/reset with times cuts only the first GETs for a key; HEAD does not count', TEST, async () => {
      const url = server.url('/reset?size=5000&at=1000&times=1&key=reset-1');
      assert.equal((await rawRequest(url, { method: 'HEAD' })).outcome, 'complete');
      const first = await rawRequest(url);
      assert.equal(first.outcome, 'aborted');
      const second = await rawRequest(url, { headers: { range: 'bytes=1000-', 'if-range': '"1-5000"' } });
      assert.equal(second.status, 206);
      assert.equal(second.outcome, 'complete');
      assert.deepEqual(Buffer.concat([first.body, second.body]), makePayload(5000));
    });

    it('/stall sends `at` bytes then goes silent with the socket open', TEST, async () => {
      const started = Date.now();
      const response = await rawRequest(server.url('/stall?size=10000&at=500'), { idleTimeoutMs: 300 });
      assert.equal(response.outcome, 'timeout');
      assert.deepEqual(response.body, makePayload(500));
      assert.ok(Date.now() - started >= 250);
      const wire = await wireExchange(server, '/stall?size=10000&at=500', 300);
      assert.equal(wire.ending, 'timeout');
    });

    it('/stall with times lets a retry through', TEST, async () => {
      const url = server.url('/stall?size=10000&at=500&times=1&key=stall-1');
      assert.equal((await rawRequest(url, { idleTimeoutMs: 200 })).outcome, 'timeout');
      const retry = await rawRequest(url, { idleTimeoutMs: 2_000 });
      assert.equal(retry.outcome, 'complete');
      assert.deepEqual(retry.body, makePayload(10_000));
    });

    it('/short claims more than it sends, then closes cleanly', TEST, async () => {
      const response = await rawRequest(server.url('/short?size=1000&claim=5000'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-length'], '5000');
      assert.equal(response.headers.etag, '"1-5000"');
      assert.equal(response.outcome, 'aborted');
      assert.deepEqual(response.body, makePayload(1000));
      const wire = await wireExchange(server, '/short?size=1000&claim=5000');
      assert.equal(wire.ending, 'fin');
      assert.equal(bodyOf(wire).length, 1000);
      assert.equal((await rawRequest(server.url('/short?size=10&claim=10'))).status, 400);
    });

    it('/chunked-cut ends a chunked body without the final chunk', TEST, async () => {
      const response = await rawRequest(server.url('/chunked-cut?size=10000&at=1000'));
      assert.equal(response.headers['transfer-encoding'], 'chunked');
      assert.equal(response.outcome, 'aborted');
      assert.deepEqual(response.body, makePayload(1000));
      const wire = await wireExchange(server, '/chunked-cut?size=10000&at=1000');
      assert.notEqual(wire.ending, 'timeout');
      assert.ok(!wire.bytes.includes('\r\n0\r\n\r\n'));
      const whole = await wireExchange(server, '/chunked-cut?size=10000&at=1000&times=0', 500);
      assert.ok(whole.bytes.subarray(-7).equals(Buffer.from('\r\n0\r\n\r\n')));
    });

    it('/drip is slow but complete', TEST, async () => {
      const started = Date.now();
      const response = await rawRequest(server.url('/drip?size=1000&chunk=100&every=20'));
      assert.equal(response.outcome, 'complete');
      assert.deepEqual(response.body, makePayload(1000));
      assert.ok(Date.now() - started >= 9 * 20 - 10);
    });
  });

  describe('redirects', () => {
    it('/redirect takes n hops, alternating relative and absolute Locations, then to', TEST, async () => {
      const hops: string[] = [];
      let url = server.url('/redirect?n=3&to=%2Ffile%3Fsize%3D10');
      for (;;) {
        const response = await rawRequest(url);
        if (response.status !== 302) {
          assert.equal(response.status, 200);
          assert.deepEqual(response.body, makePayload(10));
          break;
        }
        const location = response.headers.location ?? '';
        hops.push(location);
        url = new URL(location, url).href;
      }
      assert.deepEqual(hops, [
        '/redirect?n=2&to=%2Ffile%3Fsize%3D10',
        `${server.origin}/redirect?n=1&to=%2Ffile%3Fsize%3D10`,
        '/file?size=10',
      ]);
    });

    it('/redirect uses the requested code and is followed by fetch', TEST, async () => {
      const permanent = await rawRequest(server.url('/redirect?n=1&code=308'));
      assert.equal(permanent.status, 308);
      assert.equal(permanent.headers.location, '/file');
      const hopsBefore = server.requestsTo('/redirect?n=').length;
      const response = await fetch(server.url('/redirect?n=4&code=307&to=%2Ffile%3Fsize%3D20'));
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), makePayload(20));
      assert.equal(server.requestsTo('/redirect?n=').length - hopsBefore, 4);
      assert.equal((await rawRequest(server.url('/redirect?code=200'))).status, 400);
    });

    it('/redirect-loop redirects to itself', TEST, async () => {
      const response = await rawRequest(server.url('/redirect-loop?code=301'));
      assert.equal(response.status, 301);
      assert.equal(response.headers.location, '/redirect-loop?code=301');
    });

    it('/redirect-to sends any Location verbatim', TEST, async () => {
      for (const location of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,hi']) {
        const response = await rawRequest(server.url(`/redirect-to?location=${encodeURIComponent(location)}`));
        assert.equal(response.status, 302);
        assert.equal(response.headers.location, location);
      }
    });
  });

  describe('statuses', () => {
    it('/status/:code answers that code with Retry-After copied', TEST, async () => {
      const busy = await rawRequest(server.url('/status/503?retry-after=7'));
      assert.equal(busy.status, 503);
      assert.equal(busy.headers['retry-after'], '7');
      assert.equal(busy.body.toString(), 'status 503\n');
      const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
      const dated = await rawRequest(server.url(`/status/429?retry-after=${encodeURIComponent(date)}`));
      assert.equal(dated.headers['retry-after'], date);
      assert.equal((await rawRequest(server.url('/status/404'))).status, 404);
      assert.equal((await rawRequest(server.url('/status/204'))).body.length, 0);
      assert.equal((await rawRequest(server.url('/status/abc'))).status, 400);
    });

    it('/flaky fails `fail` times per key, then serves the file', TEST, async () => {
      const url = server.url('/flaky?key=flaky-1&fail=2&code=429&retry-after=1&size=100');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await rawRequest(url)).status);
      assert.deepEqual(statuses, [429, 429, 200]);
      const served = await rawRequest(url);
      assert.deepEqual(served.body, makePayload(100));
      assert.equal(served.headers['retry-after'], undefined);
      const other = await rawRequest(server.url('/flaky?key=flaky-2&size=100'), { method: 'HEAD' });
      assert.equal(other.status, 503);
      assert.equal((await rawRequest(server.url('/flaky?key=flaky-2&size=100'))).status, 200);
      assert.equal(server.requestsTo('/flaky?key=flaky-1').length, 4);
    });
  });
});
