import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { startTlsRedirect, tlsCertificatePath } from '../fixtures/tls-redirect.js';
import { runCli } from './cli-harness.js';
import { makeSandbox, runDownload, type Sandbox } from './engine-harness.js';

/**
 * Credentials reach only the origin the user named: `a` is that origin, `b`
 * another one (same host, another port, as a redirect to a CDN would be).
 */
let a: FixtureServer;
let b: FixtureServer;
let box: Sandbox;
before(async () => {
  [a, b] = await Promise.all([startFixtureServer(), startFixtureServer()]);
});
after(() => Promise.all([a.close(), b.close()]));
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  assert.deepEqual(await box.strays(), []);
  await box.remove();
});

const MiB = 1 << 20;
let keys = 0;
const key = (): string => `cred${(keys += 1)}`;
const credentials = { Authorization: 'Bearer secret-token', Cookie: 'session=secret-cookie', 'Proxy-Authorization': 'Basic c2VjcmV0' };
const headers = { ...credentials, 'X-Other': 'kept' };

/** A redirect on `a` to `target` on `b`. */
function redirectToB(code: number, target: string): string {
  return a.url(`/redirect?code=${code}&to=${encodeURIComponent(b.url(target))}`);
}

function assertCarriesCredentials(requests: readonly RecordedRequest[]): void {
  assert.ok(requests.length > 0, 'the user\'s origin was asked');
  for (const request of requests) {
    assert.equal(request.headers['authorization'], credentials.Authorization, request.path);
    assert.equal(request.headers['cookie'], credentials.Cookie, request.path);
    assert.equal(request.headers['proxy-authorization'], credentials['Proxy-Authorization'], request.path);
  }
}

function assertNoCredentials(requests: readonly RecordedRequest[]): void {
  assert.ok(requests.length > 0, 'the other origin was asked');
  for (const request of requests) {
    assert.equal(request.headers['authorization'], undefined, request.path);
    assert.equal(request.headers['cookie'], undefined, request.path);
    assert.equal(request.headers['proxy-authorization'], undefined, request.path);
    assert.equal(request.headers['x-other'], 'kept', 'other headers still go');
  }
}

describe('credential headers go only to the origin the user named', () => {
  test('a 301 to another origin is followed without them, and not remembered', async () => {
    const k = key();
    const url = redirectToB(301, `/file?size=5000&seed=3&key=${k}&name=x.bin`);
    const { error, state } = await runDownload(url, box.dir, { request: { headers } });
    assert.equal(error, undefined);
    assert.equal(await sha256File(path.join(box.dir, 'x.bin')), sha256(makePayload(5000, 3)));
    assertCarriesCredentials(a.requestsTo('/redirect').filter((request) => request.path.includes(k)));
    assertNoCredentials(b.requestsTo(`/file?size=5000&seed=3&key=${k}`));
    assert.equal(state.url, url, 'the next attempt starts where the credentials belong');
  });

  test('every segment on the other origin goes without them', async () => {
    const k = key();
    const target = `/drip?size=${4 * MiB}&seed=5&chunk=65536&every=5&key=${k}&name=seg.bin`;
    const { error } = await runDownload(redirectToB(302, target), box.dir, { request: { headers }, connections: 4 });
    assert.equal(error, undefined);
    assert.equal(await sha256File(path.join(box.dir, 'seg.bin')), sha256(makePayload(4 * MiB, 5)));
    const ranges = b.requestsTo(target).filter((request) => request.headers['range'] !== 'bytes=0-');
    assert.ok(ranges.length >= 2, `several range requests: ${ranges.length}`);
    assertNoCredentials(b.requestsTo(target));
    assertCarriesCredentials(a.requestsTo('/redirect').filter((request) => request.path.includes(k)));
  });

  test('a resume on the other origin goes without them', async () => {
    const k = key();
    const target = `/stall?size=200000&seed=6&at=80000&times=1&key=${k}&name=r.bin`;
    const cut = await runDownload(redirectToB(307, target), box.dir, { request: { headers }, limits: { idleTimeoutMs: 300 } });
    assert.equal(cut.error?.code, 'stalled');
    const { error } = await runDownload(redirectToB(307, target), box.dir, { request: { headers }, state: cut.state });
    assert.equal(error, undefined);
    assert.equal(await sha256File(path.join(box.dir, 'r.bin')), sha256(makePayload(200_000, 6)));
    const toB = b.requestsTo(target);
    assert.equal(toB.length, 2);
    assert.equal(toB[1]?.headers['range'], 'bytes=80000-');
    assertNoCredentials(toB);
    assertCarriesCredentials(a.requestsTo('/redirect').filter((request) => request.path.includes(k)));
  });

  test('a remembered address on another origin gets none of them, even on the first request', async () => {
    const k = key();
    const target = b.url(`/file?size=3000&key=${k}&name=m.bin`);
    const { error } = await runDownload(a.url(`/file?size=3000&key=${k}`), box.dir, { request: { headers }, state: { url: target, durableBytes: 0 } });
    assert.equal(error, undefined);
    assertNoCredentials(b.requestsTo(`/file?size=3000&key=${k}`));
  });
});

describe('peregrine get with new headers', () => {
  test('starts again from the user\'s URL, not from a remembered address on another origin', async () => {
    const db = path.join(box.aside, 'queue.db');
    const k = key();
    // The first run learns the permanent redirect, and then fails on the other origin.
    const url = redirectToB(301, `/flaky?fail=1&code=404&size=4000&seed=8&key=${k}&name=h.bin`);
    assert.equal((await runCli(['get', url, '-d', box.dir, '--db', db, '-q'])).code, 1);
    const stored = (): string => {
      const database = new Database(db, { readonly: true });
      try {
        return (database.prepare('SELECT current_url FROM tasks').get() as { current_url: string }).current_url;
      } finally {
        database.close();
      }
    };
    assert.match(stored(), new RegExp(`^${b.origin}/flaky`), 'the permanent redirect was remembered');
    const askedBefore = a.requestsTo('/redirect').filter((request) => request.path.includes(k)).length;

    const args = Object.entries(credentials).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
    const run = await runCli(['get', url, '-d', box.dir, '--db', db, '-q', ...args, '--header', 'X-Other: kept']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(path.join(box.dir, 'h.bin')), sha256(makePayload(4000, 8)));
    const askedA = a.requestsTo('/redirect').filter((request) => request.path.includes(k));
    assert.equal(askedA.length, askedBefore + 1, 'the user\'s URL was asked again');
    assertCarriesCredentials(askedA.slice(askedBefore));
    const toB = b.requestsTo(`/flaky?fail=1&code=404&size=4000&seed=8&key=${k}`);
    assert.equal(toB[0]?.headers['authorization'], undefined);
    assertNoCredentials(toB.slice(1));
  });
});

describe('https → http', () => {
  test('a download moved to plain http goes there without credentials, and the user is warned', async () => {
    const db = path.join(box.aside, 'queue.db');
    const k = key();
    const target = `/file?size=6000&seed=9&key=${k}&name=down.bin`;
    const secure = await startTlsRedirect(301, b.url(target));
    try {
      const args = Object.entries(credentials).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
      const run = await runCli(['get', `${secure.origin}/download`, '-d', box.dir, '--db', db, ...args, '--header', 'X-Other: kept'], {
        env: { NODE_EXTRA_CA_CERTS: tlsCertificatePath },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(await sha256File(path.join(box.dir, 'down.bin')), sha256(makePayload(6000, 9)));
      assert.equal(secure.requests.length, 1);
      assert.equal(secure.requests[0]?.['authorization'], credentials.Authorization, 'the https origin the user named gets them');
      assertNoCredentials(b.requestsTo(target));
      assert.match(run.stderr, /warning: https:\/\/127\.0\.0\.1:\d+\/download: downloaded over plain http \(http:\/\/127\.0\.0\.1:\d+\/file/);
      assert.equal(run.stderr.match(/warning/g)?.length, 1, 'said once');
    } finally {
      await secure.close();
    }
  });
});
