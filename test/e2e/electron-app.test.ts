import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import type { PeregrineBridge } from '../../app/contract/host-bridge.js';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';

const root = path.join(import.meta.dirname, '../../..');

function electronBinary(): string | undefined {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];
const skip = binary === undefined ? 'no Electron binary in node_modules/electron (it cannot be downloaded here)' : noDisplay ? 'no display' : false;

declare const window: { peregrine: PeregrineBridge };

describe('the desktop app', { skip }, () => {
  let server: FixtureServer;
  let home: string;
  let app: ElectronApplication;
  const env = (): Record<string, string> => ({ ...(process.env as Record<string, string>), XDG_CONFIG_HOME: path.join(home, 'config'), HOME: home });

  before(async () => {
    assert.equal(spawnSync(process.execPath, [path.join(root, 'scripts/electron-native.js')], { stdio: 'inherit' }).status, 0);
    server = await startFixtureServer();
    home = await mkdtemp(path.join(os.tmpdir(), 'peregrine-electron-'));
    app = await electron.launch({ executablePath: binary ?? '', args: [root], env: env(), timeout: 60_000 });
  });

  after(async () => {
    await app?.close();
    await server?.close();
    await rm(home, { recursive: true, force: true });
  });

  test('a URL added over IPC completes, is announced once, opens at the right path; a second launch hands over its URL', async () => {
    const page = await app.firstWindow();
    await app.evaluate(({ shell, Notification }) => {
      const record = globalThis as unknown as { opened: string[]; notices: string[] };
      record.opened = [];
      record.notices = [];
      shell.openPath = (file: string) => (record.opened.push(file), Promise.resolve(''));
      const { show } = Object.getOwnPropertyDescriptors(Notification.prototype);
      Notification.prototype.show = function (this: Electron.Notification) {
        record.notices.push(this.title);
        (show?.value as (this: Electron.Notification) => void).call(this);
      };
    });
    const url = server.url('/file?size=200000&name=e2e.bin&key=electron');
    const added = await page.evaluate(async (u) => window.peregrine.call('tasks.add', { urls: [u] }), url);
    const id = added.ids[0] ?? 0;
    const deadline = Date.now() + 30_000;
    let state = '';
    while (Date.now() < deadline && state !== 'completed') {
      state = await page.evaluate(async (taskId) => (await window.peregrine.call('tasks.details', { id: taskId })).task.state, id);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(state, 'completed');
    const details = await page.evaluate(async (taskId) => window.peregrine.call('tasks.details', { id: taskId }), id);
    assert.equal(await sha256File(details.filePath ?? ''), sha256(makePayload(200_000, 1)));
    await page.evaluate(async (taskId) => window.peregrine.call('tasks.open', { id: taskId }), id);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const seen = await app.evaluate(() => globalThis as unknown as { opened: string[]; notices: string[] });
    assert.deepEqual(seen.opened, [details.filePath]);
    assert.equal(seen.notices.length <= 1, true, 'at most one notice for one completion (none while focused)');

    const second = spawnSync(binary ?? '', [root, server.url('/file?size=1000&name=second.bin&key=second')], { env: env(), timeout: 30_000 });
    assert.equal(second.status, 0);
    const tasks = await page.evaluate(async () => (await window.peregrine.call('snapshot', {})).tasks.map((task) => task.url));
    assert.ok(tasks.some((taskUrl) => taskUrl.includes('second.bin')));
  });

  test('the app owns its database: the CLI in a terminal lists and pauses its live tasks; a second owner is refused', async () => {
    const page = await app.firstWindow();
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'dist/main/cli/main.js'), ...args], { env: env(), encoding: 'utf8', timeout: 30_000 });
    const url = server.url('/drip?size=20000000&chunk=20000&every=50&name=slow.bin&key=owned');
    const added = await page.evaluate(async (u) => window.peregrine.call('tasks.add', { urls: [u] }), url);
    const id = added.ids[0] ?? 0;
    const listed = cli('list');
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /slow\.bin/);
    const paused = cli('pause', String(id));
    assert.equal(paused.status, 0, paused.stderr);
    const state = await page.evaluate(async (taskId) => (await window.peregrine.call('tasks.details', { id: taskId })).task.state, id);
    assert.equal(state, 'paused', 'the pause reached the live queue, not a row under it');
    const serve = cli('serve', '--port', '0');
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /in use by app \(pid \d+\)/);
  });
});
