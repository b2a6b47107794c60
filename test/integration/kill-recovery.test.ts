import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import { makePayload, readFileRange, sha256, sha256File } from '../fixtures/payload.js';
import { runCli, startCli } from './cli-harness.js';
import { box, db, server, useFixtureSuite } from './fixture-suite.js';
import { seededRandom } from '../fixtures/seeded-random.js';

const kills = 20;

useFixtureSuite();

interface ListedTask {
  id: number;
  state: string;
  fileName: string | null;
  doneBytes: number;
}

test(`kill -9 at ${kills} random moments: no task lost, no corrupt file, and the same command finishes everything`, async () => {
  const seed = Number(process.env['PEREGRINE_KILL_SEED'] ?? Date.now() % 100_000);
  const random = seededRandom(seed);
  // Slow enough that twenty kills land mid-transfer: about 3 s of dripping per file, two files at a time.
  const files = [
    // Large enough to be split over several connections: its ranges are stored and resumed.
    { name: 'ranges.bin', url: server.url('/drip?size=8000000&chunk=32768&every=150&seed=15&name=ranges.bin'), content: makePayload(8_000_000, 15) },
    { name: 'drip.bin', url: server.url('/drip?size=700000&chunk=50000&every=250&seed=11&name=drip.bin'), content: makePayload(700_000, 11) },
    { name: 'big.bin', url: server.url('/drip?size=2000000&chunk=150000&every=250&seed=12&name=big.bin'), content: makePayload(2_000_000, 12) },
    { name: 'chunked.bin', url: server.url('/drip?size=500000&chunk=40000&every=250&seed=13&chunked=1&name=chunked.bin'), content: makePayload(500_000, 13) },
    { name: 'lm.bin', url: server.url('/drip?size=400000&chunk=30000&every=250&seed=14&etag=none&name=lm.bin'), content: makePayload(400_000, 14) },
  ];
  const contents = new Map(files.map((file) => [file.name, file.content]));
  const args = ['get', ...files.map((file) => file.url), '-d', box.dir, '--db', db, '-j', '2', '-q'];
  const expected = new Map(files.map((file) => [file.name, sha256(file.content)]));

  let killed = 0;
  let rangesSeen = 0;
  for (let round = 0; round < kills; round += 1) {
    const run = startCli(args);
    // Every fifth run lives until more range progress is recorded (late on a loaded machine), so stored
    // progress is what the next run resumes; the others die at a random early moment.
    const moment = round % 5 === 4 ? rangeProgressRecorded(db, 3_000) : sleep(100 + Math.floor(random() * 600));
    const ended = await Promise.race([run.done, moment.then(() => undefined)]);
    if (ended !== undefined) break; // everything finished before the kill: nothing left to interrupt
    run.child.kill('SIGKILL');
    killed += 1;
    await run.done;

    const listed = await runCli(['list', '--db', db, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const tasks = JSON.parse(listed.stdout) as ListedTask[];
    // Killed before the tasks were recorded, the command never started; otherwise all were recorded at once.
    assert.ok(tasks.length === 0 || tasks.length === files.length, `round ${round} (seed ${seed}): ${tasks.length} tasks; none lost, none duplicated`);
    await checkFolder(tasks, `round ${round} (seed ${seed})`);
    for (const task of tasks) {
      if (task.state === 'completed' || task.fileName === null) continue;
      const part = await stat(path.join(box.dir, `${task.fileName}.part`)).catch(() => undefined);
      if (part !== undefined) assert.ok(part.size >= task.doneBytes, `round ${round} (seed ${seed}): recorded progress is on disk`);
    }
    for (const { name, start, durableEnd } of storedRanges(db)) {
      const content = contents.get(originalOf(name) ?? name);
      assert.ok(content, `round ${round} (seed ${seed}): ranges stored for ${name}`);
      const bytes = await readFileRange(path.join(box.dir, `${name}.part`), start, durableEnd);
      assert.ok(bytes.equals(content.subarray(start, durableEnd)), `round ${round} (seed ${seed}): ${name} bytes ${start}-${durableEnd} recorded as durable are right`);
      rangesSeen += 1;
    }
  }

  assert.equal(killed, kills, `seed ${seed}: every round was killed mid-run`);
  assert.ok(rangesSeen > 0, `seed ${seed}: some kill landed while ranges were stored`);
  const final = await runCli(args, { timeoutMs: 60_000 });
  assert.equal(final.code, 0, `seed ${seed}: ${final.stderr}`);
  const listed = await runCli(['list', '--db', db, '--json']);
  const finished = JSON.parse(listed.stdout) as ListedTask[];
  assert.deepEqual(finished.map((task) => task.state), files.map(() => 'completed'));
  const complete = await checkFolder(finished, `seed ${seed}`);
  // Every file once, each under its own name or (after a kill in the window above) a numbered copy of it.
  assert.deepEqual([...complete.keys()].sort(), [...expected.keys()].sort(), `seed ${seed}: every file complete, once`);
  assert.deepEqual(finished.map((task) => task.fileName).sort(), [...complete.values()].sort(), `seed ${seed}: under the names recorded`);

  /**
   * Checks the download folder against the tasks: a complete file has the content of the file it names (its
   * own name, or "name (N).ext"), and at most one per file; a `.part` no task records is empty. The one
   * outcome accepted besides the names asked for: killed after a `.part` is created (exclusively) and before
   * the checkpoint recording its name, the next run cannot tell that empty `.part` from one another program
   * made in the same folder, so it leaves it and takes a numbered name (see DESIGN.md, crash safety).
   * Returns the complete files by the name they stand for.
   */
  async function checkFolder(tasks: readonly ListedTask[], where: string): Promise<Map<string, string>> {
    const recordedParts = new Set(tasks.filter((task) => task.state !== 'completed' && task.fileName !== null).map((task) => `${task.fileName}.part`));
    const complete = new Map<string, string>();
    for (const name of await box.files()) {
      const original = originalOf(name.endsWith('.part') ? name.slice(0, -'.part'.length) : name);
      assert.ok(original !== undefined, `${where}: unexpected file ${name}`);
      if (name.endsWith('.part')) {
        if (!recordedParts.has(name)) assert.equal((await stat(path.join(box.dir, name))).size, 0, `${where}: ${name}, recorded by no task, holds no bytes`);
        continue;
      }
      assert.equal(complete.get(original), undefined, `${where}: ${original} downloaded once, not as ${complete.get(original)} and ${name}`);
      complete.set(original, name);
      assert.equal(await sha256File(path.join(box.dir, name)), expected.get(original), `${where}: ${name} is complete`);
    }
    return complete;
  }

  /** The file a name stands for: one of the files itself, or a numbered copy "name (N).ext" of one. */
  function originalOf(name: string): string | undefined {
    if (expected.has(name)) return name;
    const numbered = /^(.*) \(\d{1,3}\)(\.[^.]*)$/.exec(name);
    const original = numbered === null ? undefined : `${numbered[1]}${numbered[2]}`;
    return original !== undefined && expected.has(original) ? original : undefined;
  }
});

/** The durable part of every stored range of unfinished tasks, read as another process would. */
function storedRanges(file: string): { name: string; start: number; durableEnd: number }[] {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return []; // killed before the database was created
  }
  try {
    return db
      .prepare<[], { name: string; start: number; durableEnd: number }>(
        `SELECT tasks.file_name AS name, segments.start AS start, segments.durable_end AS durableEnd
         FROM segments JOIN tasks ON tasks.id = segments.task_id
         WHERE tasks.state != 'completed' AND tasks.file_name IS NOT NULL AND segments.durable_end > segments.start`,
      )
      .all();
  } finally {
    db.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once more range progress is recorded than when it was called, or after `timeoutMs`. */
async function rangeProgressRecorded(file: string, timeoutMs: number): Promise<void> {
  const recorded = (): number => storedRanges(file).reduce((sum, range) => sum + range.durableEnd - range.start, 0);
  const before = recorded();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && recorded() <= before) await sleep(50);
}
