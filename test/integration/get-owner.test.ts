import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, test } from 'node:test';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { jsonEvents, runCli, startCli, type CliProcess } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';

// Issue 11: a standalone `get` runs the queue for its database, so it is the database's owner while
// it runs: a second terminal's commands act on its live queue instead of rows under it.

useFixtureSuite();
const started: CliProcess[] = [];
afterEach(async () => {
  // A test that failed may leave a command running: it goes before the next test starts.
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.done;
  }
});

let keys = 0;
const key = (): string => `get-owner-${(keys += 1)}`;

function get(url: string, ...extra: string[]): CliProcess {
  const run = startCli(['get', url, '-d', box.dir, '--db', db, '--json', '-c', '1', ...extra], { timeoutMs: 90_000 });
  started.push(run);
  return run;
}

interface Row {
  id: number;
  state: string;
  owner: string | null;
  durable_bytes: number;
}

/** The rows as another program reading the database sees them. */
function rows(): Row[] {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return reader.prepare<[], Row>('SELECT id, state, owner, durable_bytes FROM tasks ORDER BY id').all();
  } finally {
    reader.close();
  }
}

const sizeOf = async (file: string): Promise<number> => (await stat(path.join(box.dir, file)).catch(() => undefined))?.size ?? 0;
const eventOf = (run: CliProcess, name: string): Record<string, unknown> | undefined => jsonEvents(run.stdout()).find((event) => event['event'] === name);

test('a second terminal\'s list shows the running get\'s live state, and its pause stops the transfer within a second', async () => {
  // About 200 KB/s: still running when both commands have had their say, even on a loaded machine.
  const size = 4_000_000;
  const first = get(server.url(`/drip?size=${size}&chunk=4096&every=20&name=live.bin&key=${key()}`));
  await waitFor('bytes on disk', async () => (await sizeOf('live.bin.part')) > 100_000);

  const listed = await runCli(['list', '--json', '--db', db]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual((JSON.parse(listed.stdout) as { id: number; state: string }[]).map((task) => [task.id, task.state]), [[1, 'running']]);

  const paused = await runCli(['pause', '1', '--db', db]);
  assert.equal(paused.code, 0, paused.stderr);
  assert.equal(paused.stdout, 'task 1: paused\n');
  const sizeThen = await sizeOf('live.bin.part');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(await sizeOf('live.bin.part'), sizeThen, 'the file stopped growing');
  assert.ok(sizeThen < size, 'paused before the end');

  // Its one download paused by someone else, the first command says so and ends.
  const done = await first.done;
  assert.equal(done.code, 1, done.stderr);
  assert.equal(eventOf(first, 'paused')?.['id'], 1);
  assert.deepEqual(rows().map((row) => [row.state, row.owner]), [['paused', null]]);
  assert.deepEqual(await box.files(), ['live.bin.part']);
});

test('a second get adds through the running one and follows its own download; the first stays until that one is done', async () => {
  // Both answers hold at half their bytes until the test opens their gates (the owner's timeout outlasts the wait).
  const [ownGate, addedGate] = [key(), key()];
  const first = get(server.url(`/gated?size=300000&key=${ownGate}&name=own.bin`), '--timeout', '120');
  await waitFor('the first download started', () => Promise.resolve(eventOf(first, 'started') !== undefined));
  const second = get(server.url(`/gated?size=400000&key=${addedGate}&name=added.bin`));
  await waitFor('the added download at its gate', () => Promise.resolve(progressOf(second) >= 200_000));
  const addedRow = rows()[1];
  assert.equal(addedRow?.state, 'running');
  assert.match(addedRow?.owner ?? '', new RegExp(`:${first.child.pid}:`), 'the first process runs it');

  server.openGate(ownGate);
  await waitFor('the first\'s own download done', () => Promise.resolve(eventOf(first, 'completed') !== undefined));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(first.child.exitCode, null, 'the owner keeps running while a download added through it runs');

  server.openGate(addedGate);
  const [secondDone, firstDone] = await Promise.all([second.done, first.done]);
  assert.equal(secondDone.code, 0, secondDone.stderr);
  assert.equal(firstDone.code, 0, firstDone.stderr);
  assert.equal(eventOf(second, 'completed')?.['file'], path.join(box.dir, 'added.bin'));
  assert.ok(jsonEvents(first.stdout()).every((event) => event['id'] === 1), 'each command reports only its own downloads');
  assert.equal(await sha256File(path.join(box.dir, 'added.bin')), sha256(makePayload(400_000)));
  assert.equal(await sha256File(path.join(box.dir, 'own.bin')), sha256(makePayload(300_000)));
  assert.equal(server.requestsTo(`/gated?size=400000&key=${addedGate}`).length, 1, 'one transfer, in the owner');
  assert.deepEqual(rows().map((row) => row.state), ['completed', 'completed']);
});

test('Ctrl-C on a get that added through the owner pauses its own download there; the owner finishes its own', async () => {
  const first = get(server.url(`/drip?size=600000&chunk=30000&every=100&name=stays.bin&key=${key()}`));
  await waitFor('the first download started', () => Promise.resolve(eventOf(first, 'started') !== undefined));
  const second = get(server.url(`/drip?size=4000000&chunk=4096&every=20&name=leaves.bin&key=${key()}`));
  await waitFor('the second download under way', async () => (await sizeOf('leaves.bin.part')) > 50_000);
  second.child.kill('SIGINT');
  const secondDone = await second.done;
  assert.equal(secondDone.code, 130, secondDone.stderr);
  const sizeThen = await sizeOf('leaves.bin.part');
  assert.equal(rows()[1]?.state, 'paused');

  const firstDone = await first.done;
  assert.equal(firstDone.code, 0, firstDone.stderr);
  assert.equal(await sha256File(path.join(box.dir, 'stays.bin')), sha256(makePayload(600_000)));
  assert.equal(await sizeOf('leaves.bin.part'), sizeThen, 'the paused download did not go on');
  assert.deepEqual(rows().map((row) => row.state), ['completed', 'paused']);
});

test('a get whose owner is killed takes over: its download resumes in its own process and finishes intact', async () => {
  const first = get(server.url(`/gated?size=400000&key=${key()}&name=orphan.bin`));
  await waitFor('the first download started', () => Promise.resolve(eventOf(first, 'started') !== undefined));
  // About 200 KB/s: far from done when the owner is killed.
  const route = `/drip?size=2000000&chunk=4096&every=20&key=${key()}`;
  const second = get(server.url(`${route}&name=taken.bin`));
  await waitFor('bytes recorded', () => Promise.resolve((rows()[1]?.durable_bytes ?? 0) >= 100_000));

  first.child.kill('SIGKILL');
  await first.done;
  const done = await second.done;
  assert.equal(done.code, 0, done.stderr);
  assert.equal(await sha256File(path.join(box.dir, 'taken.bin')), sha256(makePayload(2_000_000)));
  const requests = server.requestsTo(route);
  assert.equal(requests.length, 2, 'the owner\'s request, then this process\'s');
  assert.match(requests[1]?.headers.range ?? '', /^bytes=[1-9]\d*-$/, 'resumed, not started over');
  // The killed owner's own download is left for its own command to resume: this one runs only what it asked for.
  assert.equal(rows()[0]?.state, 'running');
});

/** The most bytes a run's JSON progress events reported so far. */
function progressOf(run: CliProcess): number {
  return Math.max(0, ...jsonEvents(run.stdout()).filter((event) => event['event'] === 'progress').map((event) => Number(event['bytes'])));
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
