import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { nodeFileSystem, type FileSystem } from '../../main/engine/file-system.js';
import { finalizePartFile } from '../../main/engine/finalize-part-file.js';
import { syncFolder } from '../../main/engine/folder-sync.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.remove();
});

/** The real disk, counting folder fsyncs and able to refuse to unlink. */
function countingFileSystem(options: { unlinkError?: string } = {}): FileSystem & { folderSyncs: number } {
  const counted = {
    ...nodeFileSystem,
    folderSyncs: 0,
    open: async (file: string, flags: 'wx' | 'r+' | 'r') => {
      const handle = await nodeFileSystem.open(file, flags);
      if (file !== box.dir) return handle;
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        counted.folderSyncs += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        await sync();
      };
      return handle;
    },
    unlink: async (file: string) => {
      if (options.unlinkError !== undefined) throw Object.assign(new Error(`unlink refused`), { code: options.unlinkError });
      await nodeFileSystem.unlink(file);
    },
  };
  return counted;
}

describe('finishing files', () => {
  test('downloads finishing together share folder fsyncs, and each waits for one that began after its rename', async () => {
    const fs = countingFileSystem();
    const names = Array.from({ length: 10 }, (_, index) => `file-${index}.bin`);
    for (const name of names) await writeFile(path.join(box.dir, `${name}.part`), name);
    const placed = await Promise.all(names.map((name) => finalizePartFile(fs, box.dir, name, { nowMs: Date.now() })));
    assert.deepEqual(placed, names);
    assert.deepEqual(await box.files(), names);
    assert.ok(fs.folderSyncs >= 1 && fs.folderSyncs <= 2, `${fs.folderSyncs} folder fsyncs for 10 files`);

    // A request made while an fsync runs gets a later one, not the one under way.
    const first = syncFolder(fs, box.dir);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = fs.folderSyncs;
    await syncFolder(fs, box.dir);
    await first;
    assert.equal(fs.folderSyncs, before + 1, 'a second fsync ran for the late request');
  });

  test('a .part that cannot be removed after linking is an error, not a reason to take another name', async () => {
    const fs = countingFileSystem({ unlinkError: 'EPERM' });
    await writeFile(path.join(box.dir, 'kept.bin.part'), 'data');
    await assert.rejects(finalizePartFile(fs, box.dir, 'kept.bin', { nowMs: Date.now() }), /unlink refused/);
    assert.deepEqual(await box.files(), ['kept.bin', 'kept.bin.part'], 'no "kept (1).bin" was made');
    assert.equal(await readFile(path.join(box.dir, 'kept.bin'), 'utf8'), 'data');
  });
});
