import assert from 'node:assert/strict';
import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { jsonEvents, runCli, startCli } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

async function modeOf(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

/** The fixture server's URL with credentials in it. */
function withPassword(route: string): string {
  return server.url(route).replace('http://', 'http://ann:s3cret-pw@');
}

describe('secrets at rest', { skip: process.platform === 'win32' && 'Unix file modes' }, () => {
  test('the per-user data folder is 0700; the database, its WAL and SHM are 0600 (an empty XDG_CONFIG_HOME is the default)', async () => {
    const home = path.join(box.aside, 'home');
    const env = { HOME: home, XDG_CONFIG_HOME: '' };
    const run = startCli(['get', server.url('/gated?size=100000&key=modes&name=m.bin'), '-d', box.dir, '--json'], { cwd: box.aside, env });
    const data = path.join(home, '.config', 'Peregrine');
    const file = path.join(data, 'peregrine.db');
    const deadline = Date.now() + 10_000;
    while (!jsonEvents(run.stdout()).some((event) => event['event'] === 'progress') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      assert.equal(await modeOf(data), 0o700);
      assert.equal(await modeOf(file), 0o600);
      assert.equal(await modeOf(`${file}-wal`), 0o600, 'the WAL holds the same rows');
      assert.equal(await modeOf(`${file}-shm`), 0o600);
    } finally {
      server.openGate('modes');
    }
    assert.equal((await run.done).code, 0);
    await assert.rejects(stat(path.join(box.aside, 'Peregrine')), 'nothing in the current folder');
  });

  test('an existing world-readable database and data folder are made private', async () => {
    const home = path.join(box.aside, 'home');
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'config') };
    const data = path.join(home, 'config', 'Peregrine');
    assert.equal((await runCli(['list'], { env })).code, 0);
    await chmod(data, 0o755);
    await chmod(path.join(data, 'peregrine.db'), 0o644);
    assert.equal((await runCli(['list'], { env })).code, 0);
    assert.equal(await modeOf(data), 0o700);
    assert.equal(await modeOf(path.join(data, 'peregrine.db')), 0o600);
  });
});

describe('secrets in output', () => {
  test('list and list --json never show header values', async () => {
    const url = server.url('/file?size=1000&name=h.bin');
    const run = await runCli(['get', url, '-d', box.dir, '--db', db, '-q', '--header', 'Authorization: Bearer t0ken-value', '--header', 'Cookie: session=c00kie']);
    assert.equal(run.code, 0, run.stderr);
    const listed = await runCli(['list', '--db', db, '--json']);
    const table = await runCli(['list', '--db', db]);
    for (const output of [listed.stdout, table.stdout]) assert.doesNotMatch(output, /t0ken-value|c00kie/);
    const [task] = JSON.parse(listed.stdout) as { headers: Record<string, string> }[];
    assert.deepEqual(task?.headers, { authorization: '***', cookie: '***' });
  });

  test('a URL password is masked in retries, failures, JSON events and lists', async () => {
    const url = withPassword('/status/503');
    const json = await runCli(['get', url, '-d', box.dir, '--db', db, '--retries', '1', '--json']);
    assert.equal(json.code, 1);
    const events = jsonEvents(json.stdout);
    assert.deepEqual(events.map((event) => event['event']), ['retry', 'failed']);
    const text = await runCli(['get', url, '-d', box.dir, '--db', db, '--retries', '1']);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /retrying http:\/\/ann:\*password\*@127\.0\.0\.1:\d+\/status\/503/);
    assert.match(text.stderr, /peregrine: http:\/\/ann:\*password\*@127\.0\.0\.1:\d+\/status\/503: /);
    const listed = await runCli(['list', '--db', db, '--json']);
    assert.match(listed.stdout, /"url": "http:\/\/ann:\*password\*@127/);
    const table = await runCli(['list', '--db', db]);
    assert.match(table.stdout, /ann:\*password\*@/);
    const bad = await runCli(['get', 'http://ann:s3cret-pw@', '--db', db]);
    assert.equal(bad.code, 2);
    for (const output of [json.stdout, json.stderr, text.stdout, text.stderr, listed.stdout, table.stdout, bad.stderr]) {
      assert.doesNotMatch(output, /s3cret-pw/);
    }
  });

  test('a URL password and an explicit Authorization header together are a usage error, not one silently replacing the other', async () => {
    const run = await runCli(['get', withPassword('/file?size=10'), '--header', 'Authorization: Bearer x', '-d', box.dir, '--db', db]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /user:password@ and --header Authorization/);
    assert.doesNotMatch(run.stderr, /s3cret-pw/);
    assert.deepEqual(await box.files(), []);
  });
});
