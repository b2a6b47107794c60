import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, test } from 'node:test';
import { controlSocketPath } from '../../main/server/owner-client.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { cliPath, jsonEvents, runCli, startCli, type CliProcess } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

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

describe('a second process never changes a download another live process runs', () => {
  test('with the owner out of reach, pause, resume, retry, cancel, remove and a `get` re-run are refused, naming the process; the download finishes intact', async () => {
    // The answer holds after half the file until the test has tried every command.
    const url = server.url('/gated?size=600000&key=busy&name=busy.bin');
    const owner = startCli(['get', url, '-c', '1', '-d', box.dir, '--db', db, '--json']);
    await progressPast(owner, 50_000);
    // A live owner would take these commands; without its socket only the task's lease stands between them and the row.
    await unlink(controlSocketPath(db));
    const pid = String(owner.child.pid);
    const attempts = await Promise.all([
      ...['pause', 'resume', 'retry', 'cancel', 'remove'].map((command) => runCli([command, '1', '--db', db])),
      runCli(['get', url, '-c', '1', '-d', box.dir, '--db', db, '--header', 'X-From: second', '-q']),
    ]);
    for (const attempt of attempts) {
      assert.equal(attempt.code, 1, attempt.stdout + attempt.stderr);
      assert.match(attempt.stderr, new RegExp(`another Peregrine process \\(pid ${pid}\\) is downloading it`));
    }
    server.openGate('busy');
    const done = await owner.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(await sha256File(path.join(box.dir, 'busy.bin')), sha256(makePayload(600_000)));
    assert.deepEqual(await box.files(), ['busy.bin']);
    const [row] = rawRows();
    assert.equal(row?.state, 'completed');
    assert.equal(row?.headers, '{}', 'the re-run did not replace the headers of the running task');
    assert.equal(server.requestsTo('/gated?size=600000').length, 1, 'only the owner asked the server');
  });

  test('a process whose task is changed under it notices at its next lease renewal and stops that transfer, leaving row and file', async () => {
    const url = server.url('/gated?size=1000000&key=moved&name=moved.bin');
    const owner = startCli(['get', url, '-c', '1', '-d', box.dir, '--db', db, '--json']);
    await progressPast(owner, 50_000);
    // What an older Peregrine, or a process that took over after this one hung past its lease, does.
    const other = new Database(db);
    other.prepare(`UPDATE tasks SET state = 'paused', reason = 'by_user', owner = NULL, lease_until = NULL WHERE id = 1`).run();
    other.close();
    const changedAt = Date.now();
    const done = await owner.done;
    assert.ok(Date.now() - changedAt < 8_000, 'noticed within a lease renewal');
    assert.equal(done.code, 1, done.stderr);
    const failed = jsonEvents(done.stdout).find((event) => event['event'] === 'failed');
    assert.equal(failed?.['code'], 'running_elsewhere');
    assert.match(String(failed?.['message']), /changed this download while it ran \(it is now paused\)/);
    assert.equal(rawRows()[0]?.state, 'paused', 'the row is left as the other process set it');
    assert.deepEqual(await box.files(), ['moved.bin.part'], 'the partial file is kept, never finished');

    server.openGate('moved');
    const resumed = await runCli(['resume', '1', '--db', db, '-q'], { timeoutMs: 30_000 });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await sha256File(path.join(box.dir, 'moved.bin')), sha256(makePayload(1_000_000)));
  });

  test('a process killed with -9 and not yet reaped (a zombie) holds nothing: an immediate rerun resumes', { skip: process.platform !== 'linux' && 'zombies are read from /proc' }, async () => {
    const url = server.url('/drip?size=600000&chunk=10000&every=40&name=zombie.bin');
    const args = ['get', url, '-c', '1', '-d', box.dir, '--db', db, '-q'];
    // sh starts the CLI, then becomes `sleep`, which never reaps it: killed, the CLI stays a zombie.
    const quoted = [process.execPath, cliPath, ...args].map((arg) => `'${arg}'`).join(' ');
    const parent = spawn('sh', ['-c', `${quoted} & echo $!; exec sleep 60`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
      await waitFor(() => durableBytes() > 50_000);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '));
      const rerun = await runCli(args, { timeoutMs: 30_000 });
      assert.ok(readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '), 'still a zombie when the rerun ran');
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.equal(await sha256File(path.join(box.dir, 'zombie.bin')), sha256(makePayload(600_000)));
      assert.equal(rawRows()[0]?.state, 'completed');
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

interface RawRow {
  state: string;
  headers: string;
  durable_bytes: number;
}

/** The rows as another program reading the database sees them. */
function rawRows(): RawRow[] {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return reader.prepare<[], RawRow>('SELECT state, headers, durable_bytes FROM tasks ORDER BY id').all();
  } finally {
    reader.close();
  }
}

/** The first task's recorded progress; 0 while the database is still being created. */
function durableBytes(): number {
  try {
    return rawRows()[0]?.durable_bytes ?? 0;
  } catch {
    return 0;
  }
}

async function progressPast(run: CliProcess, bytes: number): Promise<void> {
  await waitFor(() => jsonEvents(run.stdout()).some((event) => event['event'] === 'progress' && Number(event['bytes']) > bytes));
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
