import assert from 'node:assert/strict';
import { link, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { makePayload, sha256, sha256File } from '../fixtures/payload.js';
import { runCli } from './cli-harness.js';
import { box, db, file, server, useFixtureSuite } from './fixture-suite.js';

useFixtureSuite();
/** Another user's file outside the download folder: what a planted link points at. */
let victim: string;
const victimBytes = makePayload(300_000, 77);
beforeEach(async () => {
  victim = path.join(box.aside, 'victim.bin');
  await writeFile(victim, victimBytes);
});

function taskRows(): { state: string; reason: string | null; file_name: string | null }[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle.prepare<[], { state: string; reason: string | null; file_name: string | null }>('SELECT state, reason, file_name FROM tasks').all();
  } finally {
    handle.close();
  }
}

async function assertVictimUnchanged(): Promise<void> {
  assert.equal(sha256(await readFile(victim)), sha256(victimBytes), 'the link target is byte-for-byte unchanged');
}

/** A first run cut off halfway: mid.bin.part holds 400,000 durable bytes and the task can be resumed. */
let runs = 0;
async function interruptedDownload(): Promise<string[]> {
  runs += 1;
  const url = server.url(`/reset?size=800000&seed=5&at=400000&times=1&key=${runs}&name=mid.bin`);
  const args = ['get', url, '-c', '1', '--retries', '0', '-d', box.dir, '--db', db, '-q'];
  const first = await runCli(args);
  assert.equal(first.code, 1, first.stderr);
  assert.deepEqual(await box.files(), ['mid.bin.part']);
  return args;
}

describe('links planted in the download folder are never followed', () => {
  const plantedLinks = [
    { kind: 'a symbolic link: left alone, the download starts afresh under a new name', plant: symlink },
    { kind: 'a hard link to another file: caught by its link count, the other file untouched', plant: link },
  ];
  for (const { kind, plant } of plantedLinks) {
    test(`a .part replaced by ${kind}`, async () => {
      const args = await interruptedDownload();
      await rm(file('mid.bin.part'));
      await plant(victim, file('mid.bin.part'));
      const run = await runCli(args);
      assert.equal(run.code, 0, run.stderr);
      await assertVictimUnchanged();
      assert.equal(await sha256File(file('mid (1).bin')), sha256(makePayload(800_000, 5)));
      assert.deepEqual(await box.files(), ['mid (1).bin', 'mid.bin.part']);
      assert.deepEqual(taskRows(), [{ state: 'completed', reason: null, file_name: 'mid (1).bin' }]);
    });
  }

  test('a .part shorter than the bytes recorded as durable is not ours either', async () => {
    const args = await interruptedDownload();
    await writeFile(file('mid.bin.part'), 'short');
    const run = await runCli(args);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await readFile(file('mid.bin.part'), 'utf8'), 'short');
    assert.equal(await sha256File(file('mid (1).bin')), sha256(makePayload(800_000, 5)));
  });
});
