import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import type { TaskView } from '../../app/contract/views.js';
import { controlSocketPath } from '../../main/server/owner-client.js';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli, startCli, type CliProcess } from './cli-harness.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let server: FixtureServer;
let box: Sandbox;
let owner: CliProcess | undefined;
let db: string;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(async () => {
  box = await makeSandbox();
  db = path.join(box.aside, 'owned.db');
});
afterEach(async () => {
  owner?.child.kill('SIGTERM');
  await owner?.done;
  owner = undefined;
  await box.remove();
});

let keys = 0;
const key = (): string => `o${(keys += 1)}`;

/** Starts `serve` on the sandbox database and returns its API address and token. */
async function startOwner(): Promise<{ base: string; headers: Record<string, string> }> {
  owner = startCli(['serve', '--port', '0', '--db', db, '--dir', box.dir], { timeoutMs: 90_000 });
  const deadline = Date.now() + 20_000;
  while (!owner.stdout().includes('\n')) {
    if (Date.now() > deadline) throw new Error('serve printed no address');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const [base = '', token = ''] = (owner.stdout().split('\n')[0] ?? '').split('/#token=');
  return { base, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
}

async function views(api: { base: string; headers: Record<string, string> }): Promise<TaskView[]> {
  return (await (await fetch(`${api.base}/api/downloads`, { headers: api.headers })).json()) as TaskView[];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('pause from the CLI stops the owner\'s transfer within a second; list shows the live state; resume finishes it', async () => {
  const api = await startOwner();
  const size = 3_000_000;
  const url = server.url(`/drip?size=${size}&chunk=8192&every=20&name=owned.bin&key=${key()}`);
  const added = (await (await fetch(`${api.base}/api/downloads`, { method: 'POST', headers: api.headers, body: JSON.stringify({ urls: [url], connections: 1 }) })).json()) as { ids: number[] };
  const id = added.ids[0] ?? 0;
  await until('bytes on disk', async () => ((await stat(path.join(box.dir, 'owned.bin.part')).catch(() => undefined))?.size ?? 0) > 100_000 || undefined);

  const listed = await runCli(['list', '--json', '--db', db]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { id: number; state: string }[]).map((task) => [task.id, task.state]), [[id, 'running']]);

  const paused = await runCli(['pause', String(id), '--db', db]);
  assert.equal(paused.code, 0, paused.stderr);
  assert.match(paused.stdout, new RegExp(`task ${id}: paused`));
  const sizeThen = (await stat(path.join(box.dir, 'owned.bin.part'))).size;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal((await stat(path.join(box.dir, 'owned.bin.part'))).size, sizeThen, 'the file stopped growing');
  assert.equal((await views(api)).find((task) => task.id === id)?.state, 'paused');

  // Like `get`, resume follows the download through the owner to its end.
  const resumed = await runCli(['resume', String(id), '--db', db, '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /"event":"completed"/);
  assert.equal((await views(api)).find((task) => task.id === id)?.state, 'completed');
  assert.equal(await sha256File(path.join(box.dir, 'owned.bin')), sha256(makePayload(size, 1)));
});

test('get adds through the owner and follows the download to the end', async () => {
  const api = await startOwner();
  const size = 400_000;
  const run = await runCli(['get', server.url(`/file?size=${size}&name=via-owner.bin&key=${key()}`), '-d', box.dir, '--db', db, '--json']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /"event":"completed"/);
  assert.equal(await sha256File(path.join(box.dir, 'via-owner.bin')), sha256(makePayload(size, 1)));
  assert.deepEqual((await views(api)).map((task) => [task.fileName, task.state]), [['via-owner.bin', 'completed']]);
});

test('get --limit through the owner keeps that download under the limit', async () => {
  const api = await startOwner();
  const size = 600_000;
  const started = Date.now();
  const run = await runCli(['get', server.url(`/file?size=${size}&name=limited.bin&key=${key()}`), '-d', box.dir, '--db', db, '--limit', '200K', '--json']);
  assert.equal(run.code, 0, run.stderr);
  // 600 kB at 200 KiB/s: about 3 s; without the limit, loopback takes milliseconds.
  assert.ok(Date.now() - started >= 2_000, `took ${Date.now() - started} ms`);
  assert.equal(await sha256File(path.join(box.dir, 'limited.bin')), sha256(makePayload(size, 1)));
  assert.deepEqual((await views(api)).map((task) => [task.fileName, task.speedLimit]), [['limited.bin', 200 * 1024]]);
});

test('a second serve on the same database says who owns it and exits 1; a killed owner\'s stale socket is replaced', async () => {
  await startOwner();
  const second = await runCli(['serve', '--port', '0', '--db', db, '--dir', box.dir]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /in use by serve \(pid \d+\)/);

  owner?.child.kill('SIGKILL');
  await owner?.done;
  owner = undefined;
  assert.ok(await stat(controlSocketPath(db)), 'the killed owner left its socket behind');
  const listed = await runCli(['list', '--db', db]);
  assert.equal(listed.code, 0, 'with the owner gone, the CLI runs standalone');
  const api = await startOwner();
  assert.deepEqual(await views(api), []);
  const socket = await stat(controlSocketPath(db));
  assert.equal(socket.mode & 0o777, 0o600);
});
