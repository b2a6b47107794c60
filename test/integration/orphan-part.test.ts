import assert from 'node:assert/strict';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli, startCli } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';

/*
 * kill -9 in the window between creating `<name>.part` (exclusively) and
 * committing the checkpoint that records the name: aimed, not left to chance,
 * by a test-only entry point that holds the process right after the creation.
 * What a user finds afterwards is today's documented outcome (DESIGN.md, crash
 * safety): the file complete under a numbered name, the empty `.part` left.
 */

useFixtureSuite();

const holdingCli = fileURLToPath(new URL('./hold-after-reserve.js', import.meta.url));
const size = 600_000;
const content = makePayload(size, 21);
const digest = sha256(content);

interface ListedTask {
  state: string;
  fileName: string | null;
}

function args(name: string): string[] {
  return ['get', server.url(`/drip?size=${size}&chunk=65536&every=20&seed=21&name=${name}`), '-d', box.dir, '--db', db, '-q'];
}

/** Runs `get` until it has created `<name>.part` and not yet recorded it, then kills it with SIGKILL. */
async function killAfterCreate(name: string): Promise<void> {
  const marker = path.join(box.aside, 'held');
  const run = startCli(args(name), { cli: holdingCli, env: { PEREGRINE_TEST_HOLD_AFTER_CREATE: `${name}.part`, PEREGRINE_TEST_HOLD_MARKER: marker } });
  const deadline = Date.now() + 20_000;
  while ((await stat(marker).catch(() => undefined)) === undefined) {
    const ended = await Promise.race([run.done, sleep(25).then(() => undefined)]);
    if (ended !== undefined) assert.fail(`the run ended before creating ${name}.part: ${ended.stdout} ${ended.stderr}`);
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      assert.fail(`timed out waiting for ${name}.part: ${run.stdout()}`);
    }
  }
  run.child.kill('SIGKILL');
  const killed = await run.done;
  assert.equal(killed.signal, 'SIGKILL');
  await unlink(marker);
  assert.deepEqual(await box.files(), [`${name}.part`], 'killed with the partial file created');
  const tasks = await listTasks();
  assert.equal(tasks.length, 1);
  assert.equal(tasks[0]?.fileName, null, 'killed before the name was recorded');
}

async function listTasks(): Promise<ListedTask[]> {
  const listed = await runCli(['list', '--db', db, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout) as ListedTask[];
}

test('killed after creating the .part, before recording its name: the same command finishes under a numbered name and leaves the empty .part', async () => {
  await killAfterCreate('ranges.bin');
  const again = await runCli(args('ranges.bin'), { timeoutMs: 30_000 });
  assert.equal(again.code, 0, again.stderr);
  // Not 'ranges.bin': nothing proves the empty ranges.bin.part is this task's and not another program's
  // (Firefox, another Peregrine process) created in the same instant, so it is neither reused nor removed.
  // What is proven: it holds no bytes (a name is recorded before anything is written), and nothing else is left.
  assert.deepEqual(await box.files(), ['ranges (1).bin', 'ranges.bin.part']);
  assert.equal(await sha256File(path.join(box.dir, 'ranges (1).bin')), digest);
  assert.equal((await stat(path.join(box.dir, 'ranges.bin.part'))).size, 0, 'the stray .part holds no bytes');
  const tasks = await listTasks();
  assert.deepEqual(tasks.map((task) => [task.state, task.fileName]), [['completed', 'ranges (1).bin']]);
});

test('killed in the same window, then another program takes the name: its .part is left alone and the download takes a new name', async () => {
  await killAfterCreate('shared.bin');
  // As Firefox would: its own shared.bin.part, written after our process died.
  await unlink(path.join(box.dir, 'shared.bin.part'));
  const theirs = Buffer.from('another program is writing this file');
  await writeFile(path.join(box.dir, 'shared.bin.part'), theirs);
  const again = await runCli(args('shared.bin'), { timeoutMs: 30_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(await box.files(), ['shared (1).bin', 'shared.bin.part']);
  assert.ok((await readFile(path.join(box.dir, 'shared.bin.part'))).equals(theirs), 'the other program\'s file is untouched');
  assert.equal(await sha256File(path.join(box.dir, 'shared (1).bin')), digest);
  const tasks = await listTasks();
  assert.deepEqual(tasks.map((task) => [task.state, task.fileName]), [['completed', 'shared (1).bin']]);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
