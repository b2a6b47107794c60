import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { EventMessage, ReplyMessage } from '../../app/contract/messages.js';
import type { TaskView } from '../../app/contract/views.js';
import { decodeSnapshot, type WireSnapshot } from '../../app/contract/wire-snapshot.js';
import { startLocalServer } from '../../main/server/local-server.js';
import { loadOrCreateToken } from '../../main/server/access-token.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { startCli } from './cli-harness.js';
import { box, server } from './fixture-suite.js';
import { rig, useServiceSuite } from './service-suite.js';

let origin: string;
let token: string;
let closeServer: () => Promise<void>;
useServiceSuite({ start: true, beforeClose: () => closeServer() });
beforeEach(async () => {
  token = await loadOrCreateToken(path.join(box.aside, 'token'));
  const started = await startLocalServer({ service: rig.service, token, host: '127.0.0.1', port: 0, rendererDir: path.join(box.aside, 'no-renderer') });
  origin = started.origin;
  closeServer = () => started.app.close();
});

let keys = 0;
const key = (): string => `v${(keys += 1)}`;
const api = (route: string, init: RequestInit & { auth?: string | false } = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  if (init.auth !== false) headers.set('authorization', `Bearer ${init.auth ?? token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return fetch(`${origin}${route}`, { ...init, headers });
};

describe('the token', () => {
  test('none, wrong and right on REST; the token file is 0600', async () => {
    assert.equal((await api('/api/downloads', { auth: false })).status, 401);
    assert.equal((await api('/api/downloads', { auth: 'x'.repeat(43) })).status, 401);
    const right = await api('/api/downloads');
    assert.equal(right.status, 200);
    assert.deepEqual(await right.json(), []);
    assert.equal((await stat(path.join(box.aside, 'token'))).mode & 0o777, 0o600);
    assert.equal(await loadOrCreateToken(path.join(box.aside, 'token')), token, 'kept across restarts');
  });

  test('the page exchanges the token for an HttpOnly, SameSite=Strict cookie that then opens the API', async () => {
    const exchange = await api('/api/session', { method: 'POST', headers: { origin } });
    assert.equal(exchange.status, 204);
    const cookie = exchange.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const withCookie = await api('/api/stats', { auth: false, headers: { cookie: cookie.split(';')[0] ?? '' } });
    assert.equal(withCookie.status, 200);
  });

  test('twenty wrong tokens in a minute, then 429 even for the right one', async () => {
    for (let i = 0; i < 20; i += 1) assert.equal((await api('/api/stats', { auth: `wrong${i}` })).status, 401);
    assert.equal((await api('/api/stats', { auth: 'wrong' })).status, 429);
  });

  test('a WebSocket upgrade without the token is refused with 401', async () => {
    assert.equal(await upgradeStatus({}), 401);
  });
});

describe('DNS rebinding and cross-site requests', () => {
  test('a foreign Host is 403', async () => {
    const response = await rawRequest('/api/stats', { host: 'evil.example', authorization: `Bearer ${token}` });
    assert.equal(response, 403);
  });

  test('a cross-origin POST is 403 and adds nothing; the same origin is fine', async () => {
    const body = JSON.stringify({ urls: [server.url(`/file?size=100&key=${key()}`)], startPaused: true });
    assert.equal((await api('/api/downloads', { method: 'POST', body, headers: { origin: 'http://evil.example' } })).status, 403);
    assert.equal(rig.service.tasks.list().length, 0);
    assert.equal((await api('/api/downloads', { method: 'POST', body, headers: { origin } })).status, 201);
  });

  test('a cross-origin WebSocket is refused', async () => {
    assert.equal(await upgradeStatus({ authorization: `Bearer ${token}`, origin: 'http://evil.example' }), 403);
  });
});

describe('REST', () => {
  test('add, list, details, pause, resume, remove with the file, stats', async () => {
    const size = 300_000;
    const url = server.url(`/file?size=${size}&name=rest.bin&key=${key()}`);
    const added = await api('/api/downloads', { method: 'POST', body: JSON.stringify({ urls: [url, 'ftp://127.0.0.1/x'] }) });
    assert.equal(added.status, 201);
    const result = (await added.json()) as { ids: number[]; rejected: { url: string }[] };
    assert.equal(result.ids.length, 1);
    assert.deepEqual(result.rejected.map((rejection) => rejection.url), ['ftp://127.0.0.1/x']);
    const id = result.ids[0] ?? 0;
    await rig.waitForTask(id, (task) => task.state === 'completed');
    assert.equal(await sha256File(path.join(box.dir, 'rest.bin')), sha256(makePayload(size, 1)));
    const list = (await (await api('/api/downloads')).json()) as TaskView[];
    assert.deepEqual(list.map((task) => [task.id, task.state]), [[id, 'completed']]);
    const details = (await (await api(`/api/downloads/${id}`)).json()) as { task: TaskView; filePath: string };
    assert.equal(details.filePath, path.join(box.dir, 'rest.bin'));
    const refused = await api(`/api/downloads/${id}/pause`, { method: 'POST' });
    assert.equal(refused.status, 409);
    const refusal = (await refused.json()) as { code: string; refusal: string; state: string };
    assert.deepEqual([refusal.code, refusal.refusal, refusal.state], ['refused', 'complete', 'completed'], 'a script reads why by its code');
    const stats = (await (await api('/api/stats')).json()) as { byState: Record<string, number> };
    assert.equal(stats.byState.completed, 1);
    const removed = await api(`/api/downloads/${id}?deleteFile=true`, { method: 'DELETE' });
    assert.deepEqual(await removed.json(), { id, fileDeleted: true });
    assert.deepEqual(await box.files(), []);
    assert.equal((await api(`/api/downloads/${id}`)).status, 404);
  });

  test("a finished download's file is handed out behind the token (what a dragged-out row fetches); nothing while unfinished", async () => {
    const size = 200_000;
    const added = await api('/api/downloads', { method: 'POST', body: JSON.stringify({ urls: [server.url(`/file?size=${size}&name=${encodeURIComponent("drag (out)'s.bin")}&key=${key()}`)] }) });
    const id = ((await added.json()) as { ids: number[] }).ids[0] ?? 0;
    await rig.waitForTask(id, (task) => task.state === 'completed');
    const file = await api(`/api/downloads/${id}/file`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-disposition'), "attachment; filename*=UTF-8''drag%20%28out%29%27s.bin");
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), sha256(makePayload(size, 1)));
    assert.equal((await api(`/api/downloads/${id}/file`, { auth: false })).status, 401);
    assert.equal((await api(`/api/downloads/${id + 1}/file`)).status, 404);
    await api(`/api/downloads/${id}?deleteFile=true`, { method: 'DELETE' });
    const paused = await api('/api/downloads', { method: 'POST', body: JSON.stringify({ urls: [server.url(`/file?size=${size}&key=${key()}`)], startPaused: true }) });
    const pausedId = ((await paused.json()) as { ids: number[] }).ids[0] ?? 0;
    assert.equal((await api(`/api/downloads/${pausedId}/file`)).status, 409);
  });

  test('pause and resume one download over REST', async () => {
    const url = server.url(`/drip?size=2000000&chunk=10000&every=20&name=slow.bin&key=${key()}`);
    const { ids } = (await (await api('/api/downloads', { method: 'POST', body: JSON.stringify({ urls: [url], connections: 1 }) })).json()) as { ids: number[] };
    const id = ids[0] ?? 0;
    await rig.waitForTask(id, (task) => task.state === 'running');
    const paused = await api(`/api/downloads/${id}/pause`, { method: 'POST' });
    assert.equal(((await paused.json()) as TaskView).state, 'paused');
    const resumed = await api(`/api/downloads/${id}/resume`, { method: 'POST' });
    assert.equal(resumed.status, 200);
    await api(`/api/downloads/${id}/cancel`, { method: 'POST' });
  });

  test('the browser-extension shape is accepted', async () => {
    const body = { items: [{ link: server.url(`/file?size=1000&key=${key()}`), suggestedName: 'from-extension.bin', headers: { Referer: 'http://127.0.0.1/page' }, downloadPage: 'http://127.0.0.1/page' }], options: { silentAdd: true } };
    const response = await api('/api/downloads', { method: 'POST', body: JSON.stringify(body) });
    assert.equal(response.status, 201);
    const { ids } = (await response.json()) as { ids: number[] };
    await rig.waitForTask(ids[0] ?? 0, (task) => task.state === 'completed');
    assert.deepEqual(await box.files(), ['from-extension.bin']);
    const sent = server.requests.find((request) => request.path.includes('size=1000'));
    assert.equal(sent?.headers.referer, 'http://127.0.0.1/page');
  });

  const malformed: [string, string][] = [
    ['malformed JSON', '{"urls": ['],
    ['wrong types', '{"urls": "http://127.0.0.1/a"}'],
    ['unknown fields', '{"urls": ["http://127.0.0.1/a"], "rm": "-rf"}'],
    ['only bad URLs', '{"urls": ["javascript:alert(1)"]}'],
  ];
  for (const [what, body] of malformed) {
    test(`${what} → 400 and nothing added`, async () => {
      const response = await api('/api/downloads', { method: 'POST', body });
      assert.equal(response.status, 400);
      const error = (await response.json()) as { code: string; message: string };
      assert.equal(error.code, 'invalid_input');
      assert.ok(error.message.length > 0);
      assert.equal(rig.service.tasks.list().length, 0);
    });
  }

  test('a body over the limit is 413', async () => {
    const response = await api('/api/downloads', { method: 'POST', body: JSON.stringify({ urls: ['x'.repeat(17 << 20)] }) });
    assert.equal(response.status, 413);
  });

  test('an OpenAPI document generated from the schemas', async () => {
    const document = (await (await api('/api/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown>; anyOf?: unknown[] }> } };
    assert.ok(document.components.schemas['tasks.add']?.properties?.urls);
    assert.match(JSON.stringify(document.components.schemas.error?.anyOf), /"running_elsewhere"/, 'the error answers, with every refusal code');
  });
});

describe('the WebSocket contract', () => {
  test('a client gets a snapshot, then events, and ends where a fresh snapshot is', async () => {
    const client = await connect();
    const snapshot = decodeSnapshot((await client.call('snapshot', {})) as WireSnapshot);
    assert.equal(snapshot.defaultDir, box.dir, 'the folder downloads go to while the settings name none');
    const tasks = new Map(snapshot.tasks.map((task) => [task.id, task]));
    let seq = snapshot.seq;
    client.onEvent((message) => {
      if (message.seq <= seq) return;
      assert.equal(message.seq, seq + 1, 'no gap');
      seq = message.seq;
      if (message.event === 'tasks.added' || message.event === 'tasks.changed') for (const task of message.payload.tasks) tasks.set(task.id, task);
      if (message.event === 'tasks.removed') for (const { id } of message.payload.removed) tasks.delete(id);
    });
    const added = (await client.call('tasks.add', { urls: [server.url(`/file?size=50000&key=${key()}`), server.url(`/status/404?key=${key()}`)] })) as { ids: number[] };
    assert.equal(added.ids.length, 2);
    await rig.waitForTask(added.ids[0] ?? 0, (task) => task.state === 'completed');
    await rig.waitForTask(added.ids[1] ?? 0, (task) => task.state === 'failed');
    const bad = await client.raw({ id: 99, method: 'tasks.pause', input: { ids: ['x'] } });
    assert.equal(bad.ok ? '' : bad.error.code, 'invalid_input');
    const fresh = decodeSnapshot((await client.call('snapshot', {})) as WireSnapshot);
    assert.equal(seq, fresh.seq);
    assert.deepEqual([...tasks.values()].sort((a, b) => a.id - b.id), fresh.tasks);
    assert.equal(fresh.tasks.find((task) => task.id === added.ids[1])?.reason, 'not_found');
    client.close();
  });
});

test('SIGTERM during two downloads leaves both resumable; the next start finishes them byte for byte', async () => {
  const db = path.join(box.aside, 'serve.db');
  const size = 1_500_000;
  const urls = ['one', 'two'].map((name) => server.url(`/drip?size=${size}&chunk=16384&every=20&name=${name}.bin&key=${key()}`));
  const first = startCli(['serve', '--port', '0', '--db', db, '--dir', box.dir, '--token-file', path.join(box.aside, 't1')]);
  const address = await firstLine(first);
  const [base, secret] = address.split('/#token=');
  const headers = { authorization: `Bearer ${secret ?? ''}`, 'content-type': 'application/json' };
  const added = await fetch(`${base ?? ''}/api/downloads`, { method: 'POST', headers, body: JSON.stringify({ urls, connections: 1 }) });
  assert.equal(added.status, 201);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const stats = (await (await fetch(`${base ?? ''}/api/downloads`, { headers })).json()) as TaskView[];
    if (stats.filter((task) => task.state === 'running' && task.doneBytes > 0).length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  first.child.kill('SIGTERM');
  const stopped = await first.done;
  assert.equal(stopped.code, 0, stopped.stderr);
  const second = startCli(['serve', '--port', '0', '--db', db, '--dir', box.dir, '--token-file', path.join(box.aside, 't1')]);
  const again = await firstLine(second);
  const [base2] = again.split('/#token=');
  const finishBy = Date.now() + 30_000;
  let states: string[] = [];
  while (Date.now() < finishBy) {
    states = ((await (await fetch(`${base2 ?? ''}/api/downloads`, { headers })).json()) as TaskView[]).map((task) => task.state);
    if (states.every((state) => state === 'completed')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  second.child.kill('SIGTERM');
  await second.done;
  assert.deepEqual(states, ['completed', 'completed']);
  for (const name of ['one.bin', 'two.bin']) assert.equal(await sha256File(path.join(box.dir, name)), sha256(makePayload(size, 1)));
  const resumed = server.requests.filter((request) => /^bytes=[1-9]/.test(request.headers.range ?? ''));
  assert.ok(resumed.length >= 2, 'both resumed from their bytes on disk');
});

test('a non-loopback --host is refused without --allow-remote', async () => {
  const run = startCli(['serve', '--port', '0', '--host', '0.0.0.0', '--db', path.join(box.aside, 'x.db')]);
  const result = await run.done;
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--allow-remote/);
});

async function firstLine(cli: ReturnType<typeof startCli>): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = cli.stdout().split('\n')[0] ?? '';
    if (cli.stdout().includes('\n')) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('serve printed no address');
}

function rawRequest(route: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(route, origin);
    import('node:http')
      .then(({ request }) => {
        const outgoing = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        outgoing.on('error', reject);
        outgoing.end();
      })
      .catch(reject);
  });
}

/** The status a WebSocket upgrade with these headers is answered with (101 when it opens). */
function upgradeStatus(headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/socket`, { headers });
  return new Promise<number>((resolve) => {
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', () => undefined);
  });
}

interface SocketClient {
  call(method: string, input: unknown): Promise<unknown>;
  raw(message: unknown): Promise<ReplyMessage>;
  onEvent(listener: (message: EventMessage) => void): void;
  close(): void;
}

async function connect(): Promise<SocketClient> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/api/socket`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise((resolve, reject) => {
    socket.on('open', resolve);
    socket.on('error', reject);
  });
  const pending = new Map<number, (reply: ReplyMessage) => void>();
  const listeners: ((message: EventMessage) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as ReplyMessage | EventMessage;
    if ('seq' in message) for (const listener of listeners) listener(message);
    else pending.get(message.id)?.(message);
  });
  let next = 1;
  const raw = (message: unknown): Promise<ReplyMessage> =>
    new Promise((resolve) => {
      pending.set((message as { id: number }).id, resolve);
      socket.send(JSON.stringify(message));
    });
  return {
    raw,
    call: async (method, input) => {
      const reply = await raw({ id: (next += 1), method, input });
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      return reply.result;
    },
    onEvent: (listener) => listeners.push(listener),
    close: () => socket.close(),
  };
}
