import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { copyNames } from '../../main/engine/copy-names.js';
import { nodeFileSystem, type FileSystem } from '../../main/engine/file-system.js';
import { finalizePartFile } from '../../main/engine/finalize-part-file.js';
import { reservePartFile } from '../../main/engine/reserve-part-file.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.remove();
});

const noon = Date.UTC(2024, 0, 15, 12, 0, 0, 123);

/** The real disk, counting the calls that look at names in the folder. */
function countingFileSystem(): FileSystem & { lookups: number; listings: number } {
  const counted = {
    ...nodeFileSystem,
    lookups: 0,
    listings: 0,
    open: (file: string, flags: 'wx' | 'r+' | 'r') => {
      counted.lookups += 1;
      return nodeFileSystem.open(file, flags);
    },
    exists: (file: string) => {
      counted.lookups += 1;
      return nodeFileSystem.exists(file);
    },
    stat: (file: string) => {
      counted.lookups += 1;
      return nodeFileSystem.stat(file);
    },
    readdir: (file: string) => {
      counted.lookups += 1;
      counted.listings += 1;
      return nodeFileSystem.readdir(file);
    },
  };
  return counted;
}

async function fillCopies(wanted: string, count: number): Promise<string[]> {
  const names = [...copyNames(wanted, noon)].slice(0, count);
  await Promise.all(names.map((name) => writeFile(path.join(box.dir, name), 'old')));
  return names;
}

describe('picking a free name', () => {
  test('a free name: the name and its .part are checked, the folder is never listed', async () => {
    // A Downloads folder may hold thousands of files: listing it for every download made many small ones slow.
    await Promise.all(Array.from({ length: 200 }, (_, index) => writeFile(path.join(box.dir, `other-${index}.bin`), 'old')));
    const fs = countingFileSystem();
    const reserved = await reservePartFile(fs, box.dir, 'a.bin', { nowMs: noon });
    await reserved.handle.close();
    assert.equal(reserved.fileName, 'a.bin');
    assert.equal(fs.lookups, 2);
    assert.equal(fs.listings, 0);
  });

  test('with 100 copies present: the name checked, one look at the folder and one create, not a probe per number', async () => {
    const taken = await fillCopies('a.bin', 100);
    const fs = countingFileSystem();
    const reserved = await reservePartFile(fs, box.dir, 'a.bin', { nowMs: noon });
    await reserved.handle.close();
    assert.equal(reserved.fileName, 'a (100).bin');
    assert.equal(fs.lookups, 3);
    assert.equal(fs.listings, 1);
    assert.deepEqual((await box.files()).length, taken.length + 1);
  });

  test('past 100 copies the name gets a timestamp instead of failing', async () => {
    await fillCopies('a.bin', 101);
    const reserved = await reservePartFile(nodeFileSystem, box.dir, 'a.bin', { nowMs: noon });
    await reserved.handle.close();
    assert.equal(reserved.fileName, 'a - 2024-01-15T120000.123.bin');
  });

  test('a name taken while downloading: the finished file takes the next free copy, old files untouched', async () => {
    await writeFile(path.join(box.dir, 'late.bin.part'), 'new');
    await fillCopies('late.bin', 3);
    await writeFile(path.join(box.dir, 'late (3).bin.part'), 'another download');
    const fs = countingFileSystem();
    assert.equal(await finalizePartFile(fs, box.dir, 'late.bin', { nowMs: noon }), 'late (4).bin');
    assert.ok(fs.lookups <= 6, `${fs.lookups} lookups`);
    assert.equal(await readFile(path.join(box.dir, 'late (4).bin'), 'utf8'), 'new');
    for (const name of ['late.bin', 'late (1).bin', 'late (2).bin']) assert.equal(await readFile(path.join(box.dir, name), 'utf8'), 'old');
    assert.deepEqual(await box.files(), ['late (1).bin', 'late (2).bin', 'late (3).bin.part', 'late (4).bin', 'late.bin']);
  });
});
