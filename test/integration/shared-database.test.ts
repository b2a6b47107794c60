import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startFixtureServer, type FixtureServer } from '../fixtures/fixture-server.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli, startCli } from './cli-harness.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let server: FixtureServer;
let box: Sandbox;
let db: string;
before(async () => {
  server = await startFixtureServer();
});
after(() => server.close());
beforeEach(async () => {
  box = await makeSandbox();
  db = path.join(box.aside, 'queue.db');
});
afterEach(async () => {
  await box.remove();
});

interface ListedTask {
  id: number;
  state: string;
  reason: string | null;
  fileName: string | null;
  doneBytes: number;
}

async function listTasks(): Promise<ListedTask[]> {
  const run = await runCli(['list', '--db', db, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ListedTask[];
}

describe('two processes writing one database', () => {
  test('two `get -i` runs of many URLs at once (-j 8) both finish: nobody dies of a locked database', async () => {
    const count = 150;
    const lists = ['a', 'b'].map((run, seed) =>
      Array.from({ length: count }, (_, index) => server.url(`/file?size=3000&seed=${seed + 2}&name=${run}${index}.bin&n=${index}`)),
    );
    await Promise.all(lists.map((urls, index) => writeFile(path.join(box.aside, `urls${index}.txt`), urls.join('\n'))));
    const runs = await Promise.all(
      lists.map((_, index) => runCli(['get', '-i', path.join(box.aside, `urls${index}.txt`), '-d', box.dir, '--db', db, '-j', '8', '-q'], { timeoutMs: 90_000 })),
    );
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /SqliteError|\n\s+at /, 'no stack trace');
    }
    const tasks = await listTasks();
    assert.equal(tasks.length, 2 * count);
    assert.deepEqual(new Set(tasks.map((task) => task.state)), new Set(['completed']));
    const files = await box.files();
    assert.equal(files.length, 2 * count);
    assert.equal(await sha256File(path.join(box.dir, 'a7.bin')), sha256(makePayload(3000, 2)));
    assert.equal(await sha256File(path.join(box.dir, `b${count - 1}.bin`)), sha256(makePayload(3000, 3)));
  });

  test('a write lock held by another program for less than the busy timeout is waited out', async () => {
    assert.equal((await runCli(['list', '--db', db])).code, 0, 'creates the database');
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    const run = startCli(['get', server.url('/file?size=5000&name=locked.bin'), '-d', box.dir, '--db', db, '-q']);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    other.exec('COMMIT');
    other.close();
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(await sha256File(path.join(box.dir, 'locked.bin')), sha256(makePayload(5000)));
    assert.deepEqual((await listTasks()).map((task) => task.state), ['completed']);
  });

  test('a write lock held past the busy timeout is a clean database error: no stack, nothing left running', async () => {
    assert.equal((await runCli(['list', '--db', db])).code, 0, 'creates the database');
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    const run = await runCli(['get', server.url('/file?size=5000&name=locked.bin'), '-d', box.dir, '--db', db, '-q'], { timeoutMs: 30_000 });
    other.exec('COMMIT');
    other.close();
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^peregrine: .*database.*locked/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok((await listTasks()).every((task) => task.state !== 'running'));
  });
});
