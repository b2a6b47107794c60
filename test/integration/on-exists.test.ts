import assert from 'node:assert/strict';
import { link, lstat, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { overlapBytes } from '../../main/engine/continue-existing.js';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli, startCli } from './cli-harness.js';
import { makeQueueRig, waitForTask } from './queue-harness.js';
import { box, db, file, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();

const size = 800_000;
const fresh = makePayload(size, 31);
const old = makePayload(300_000, 99);
/** A file's sha256 as it was put in the folder, to check it is byte-for-byte unchanged. */
const oldSha = sha256(old);

interface Row {
  state: string;
  reason: string | null;
  file_name: string | null;
  on_exists: string;
}

function rows(): Row[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle.prepare<[], Row>('SELECT state, reason, file_name, on_exists FROM tasks').all();
  } finally {
    handle.close();
  }
}

let keys = 0;
/** A fresh key per URL, so request counts and recorded requests belong to this test alone. */
function route(pathAndQuery: string): string {
  keys += 1;
  return `${pathAndQuery}&key=on-exists-${keys}`;
}

function get(url: string, ...extra: string[]): ReturnType<typeof runCli> {
  return runCli(['get', server.url(url), '-d', box.dir, '--db', db, ...extra]);
}

describe('--on-exists', () => {
  test('rename (the default): the new file is "name (1).ext", the old one untouched', async () => {
    await writeFile(file('r.bin'), old);
    const run = await get(route(`/file?size=${size}&seed=31&name=r.bin`));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(file('r.bin')), oldSha);
    assert.equal(await sha256File(file('r (1).bin')), sha256(fresh));
    assert.deepEqual(await box.files(), ['r (1).bin', 'r.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: null, file_name: 'r (1).bin', on_exists: 'rename' }]);
  });

  test('overwrite: the old file is replaced once the new one is complete, under its own name', async () => {
    await writeFile(file('o.bin'), old);
    const run = await get(route(`/file?size=${size}&seed=31&name=o.bin`), '--on-exists', 'overwrite');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(file('o.bin')), sha256(fresh));
    assert.deepEqual(await box.files(), ['o.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: null, file_name: 'o.bin', on_exists: 'overwrite' }]);
  });

  test('overwrite that fails (wrong checksum, then a cut body) leaves the old file intact', async () => {
    await writeFile(file('o.bin'), old);
    const mismatch = await get(route(`/file?size=${size}&seed=31&name=o.bin`), '--on-exists', 'overwrite', '--checksum', `sha256=${'0'.repeat(64)}`);
    assert.equal(mismatch.code, 1);
    assert.equal(await sha256File(file('o.bin')), oldSha);
    assert.deepEqual(await box.files(), ['o.bin']);
    assert.deepEqual(rows(), [{ state: 'failed', reason: 'checksum_mismatch', file_name: 'o.bin', on_exists: 'overwrite' }]);

    const cut = await get(route(`/reset?size=${size}&seed=31&at=400000&name=o.bin`), '--on-exists', 'overwrite', '--retries', '0', '-c', '1');
    assert.equal(cut.code, 1);
    assert.equal(await sha256File(file('o.bin')), oldSha);
    assert.deepEqual(await box.files(), ['o.bin', 'o.bin.part']);
  });

  test('skip: the file is left as it is, the task completes as "already there", one line says so', async () => {
    await writeFile(file('s.bin'), old);
    const run = await get(route(`/file?size=${size}&seed=31&name=s.bin`), '--on-exists', 'skip');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), [`kept ${file('s.bin')}: a file with that name was already there`]);
    assert.equal(await sha256File(file('s.bin')), oldSha);
    assert.deepEqual(await box.files(), ['s.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: 'already_exists', file_name: 's.bin', on_exists: 'skip' }]);
  });

  test('bad values are usage errors with one line', async () => {
    const bad = await get('/file?size=10', '--on-exists', 'sideways');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr, /expected rename, overwrite or skip/);
    const both = await get('/file?size=10', '--on-exists', 'skip', '--continue');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--continue and --on-exists cannot be used together/);
    assert.deepEqual(await box.files(), []);
  });
});

// `--continue` takes the name the user gives, else the URL's (as wget -c does): the fixture's URL says "file", so -o names it.
describe('--continue', () => {
  test('a file that is the start of the download: only its tail is compared, then the rest appended', async () => {
    const have = 300_000;
    await writeFile(file('c.bin'), fresh.subarray(0, have));
    const url = route(`/file?size=${size}&seed=31&name=c.bin`);
    const run = await get(url, '--continue', '-o', 'c.bin');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(file('c.bin')), sha256(fresh));
    assert.deepEqual(await box.files(), ['c.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: null, file_name: 'c.bin', on_exists: 'continue' }]);
    const ranges = server.requestsTo(url).map((request) => request.headers.range);
    assert.deepEqual(ranges, [`bytes=${have - overlapBytes}-`, `bytes=${have}-`], 'the tail compared, then only the rest asked for');
  });

  test('another file of the same name: downloaded afresh beside it, replacing it only once complete', async () => {
    await writeFile(file('d.bin'), old);
    const url = route(`/drip?size=${size}&seed=31&chunk=40000&every=40&name=d.bin`);
    const run = startCli(['get', server.url(url), '-d', box.dir, '--db', db, '--continue', '-o', 'd.bin', '-c', '1']);
    // Halfway: the new bytes go to the .part; the old file is still whole under its name.
    for (let waited = 0; waited < 200 && ((await stat(file('d.bin.part')).catch(() => undefined))?.size ?? 0) < 200_000; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(await sha256File(file('d.bin')), oldSha);
    const done = await run.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(await sha256File(file('d.bin')), sha256(fresh));
    assert.deepEqual(await box.files(), ['d.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: null, file_name: 'd.bin', on_exists: 'continue' }]);
  });

  test('a file that is already complete: left untouched, no copy, completed as already there', async () => {
    await writeFile(file('k.bin'), fresh);
    const before = await stat(file('k.bin'));
    const url = route(`/file?size=${size}&seed=31&name=k.bin`);
    const run = await get(url, '--continue', '-o', 'k.bin');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kept .*k\.bin/);
    assert.equal(await sha256File(file('k.bin')), sha256(fresh));
    assert.equal((await stat(file('k.bin'))).mtimeMs, before.mtimeMs);
    assert.deepEqual(await box.files(), ['k.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: 'already_exists', file_name: 'k.bin', on_exists: 'continue' }]);
    assert.deepEqual(server.requestsTo(url).map((request) => request.headers.range), [`bytes=${size - overlapBytes}-`]);
  });

  test('an empty file the server also has empty: a 416 for bytes */0 means complete', async () => {
    await writeFile(file('e.bin'), '');
    const run = await get(route('/empty?name=e.bin'), '--continue', '-o', 'e.bin');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await box.files(), ['e.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: 'already_exists', file_name: 'e.bin', on_exists: 'continue' }]);
  });

  test('a server that ignores ranges: the whole file again, replacing the old one only at the end', async () => {
    await writeFile(file('i.bin'), fresh.subarray(0, 300_000));
    const run = await get(route(`/ignore-range?size=${size}&seed=31&name=i.bin`), '--continue', '-o', 'i.bin');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await sha256File(file('i.bin')), sha256(fresh));
    assert.deepEqual(await box.files(), ['i.bin']);
    assert.deepEqual(rows(), [{ state: 'completed', reason: null, file_name: 'i.bin', on_exists: 'continue' }]);
  });
});

describe('links planted under the final name', () => {
  const victimBytes = makePayload(300_000, 77);
  const victim = (): string => path.join(box.aside, 'victim.bin');
  const cases: [string, string[], 'symlink' | 'hardlink'][] = [
    ['continue: a symbolic link is not continued, and is replaced (not written through) at the end', ['--continue'], 'symlink'],
    ['continue: a hard link to another file is not continued either', ['--continue'], 'hardlink'],
    ['overwrite: a symbolic link is replaced by rename, its target untouched', ['--on-exists', 'overwrite'], 'symlink'],
  ];
  for (const [name, flags, kind] of cases) {
    test(name, async () => {
      // The victim starts like the download, so a followed link would pass the overlap check.
      await writeFile(victim(), fresh.subarray(0, victimBytes.length));
      const victimSha = await sha256File(victim());
      if (kind === 'symlink') await symlink(victim(), file('l.bin'));
      else await link(victim(), file('l.bin'));
      const run = await get(route(`/file?size=${size}&seed=31`), '-o', 'l.bin', ...flags);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(await sha256File(victim()), victimSha, 'the link target is byte-for-byte unchanged');
      assert.ok((await lstat(file('l.bin'))).isFile(), 'the name now holds a regular file');
      assert.equal(sha256(await readFile(file('l.bin'))), sha256(fresh));
      assert.deepEqual(await box.files(), ['l.bin']);
    });
  }
});

test('the queue takes the policy in its add options and stores it with the task', async () => {
  await writeFile(file('q.bin'), old);
  const rig = makeQueueRig(box);
  try {
    const { tasks } = rig.queue.add([{ url: server.url(route(`/file?size=${size}&seed=31&name=q.bin`)), dir: box.dir, onExists: 'skip' }]);
    assert.equal(tasks[0]?.onExists, 'skip');
    rig.queue.start();
    const done = await waitForTask(rig, tasks[0]?.id ?? 0, (task) => task.state === 'completed');
    assert.equal(done.reason, 'already_exists');
    assert.equal(await sha256File(file('q.bin')), oldSha);
  } finally {
    await rig.close();
  }
});
