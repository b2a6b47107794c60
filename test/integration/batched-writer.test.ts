import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { BatchedWriter } from '../../main/engine/batched-writer.js';
import { makeSandbox, type Sandbox } from './engine-harness.js';
import { seededRandom } from '../fixtures/seeded-random.js';

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.remove();
});

/** The real file, with writes that take random time, sometimes write only part, and once fail. */
function unreliable(handle: FileHandle, random: () => number, failAt: number): FileHandle {
  type Writev = (buffers: readonly NodeJS.ArrayBufferView[], position?: number) => Promise<{ bytesWritten: number }>;
  const writev = handle.writev.bind(handle) as Writev;
  let calls = 0;
  const replacement: Writev = async (buffers, position) => {
    calls += 1;
    await new Promise((resolve) => setTimeout(resolve, random() * 3));
    if (calls === failAt) throw Object.assign(new Error('the disk failed'), { code: 'EIO' });
    const first = buffers[0];
    if (random() < 0.3 && first !== undefined && first.byteLength > 1) {
      return writev([new Uint8Array(first.buffer, first.byteOffset, Math.floor(first.byteLength / 2))], position);
    }
    return writev(buffers, position);
  };
  handle.writev = replacement as FileHandle['writev'];
  return handle;
}

async function readPrefix(handle: FileHandle, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  await handle.read(bytes, 0, length, 0);
  return bytes;
}

test('whatever the disk does, every byte below writtenEnd is in the file and right (a batch in flight, partial and failed writes)', async () => {
  const seed = Number(process.env['PEREGRINE_WRITER_SEED'] ?? Date.now() % 100_000);
  const random = seededRandom(seed);
  for (let round = 0; round < 30; round += 1) {
    const data = Buffer.alloc(150_000);
    for (let index = 0; index < data.length; index += 1) data[index] = (index * 31 + round) & 255;
    const failAt = round % 3 === 0 ? 1 + Math.floor(random() * 40) : -1;
    const handle = unreliable(await open(path.join(box.dir, `round-${round}`), 'w+'), random, failAt);
    const writer = new BatchedWriter(handle, 0, 1_000 + Math.floor(random() * 5_000));
    let failed = false;
    try {
      for (let offset = 0; offset < data.length; ) {
        const length = 1 + Math.floor(random() * 3_000);
        await writer.write(data.subarray(offset, offset + length));
        offset += length;
        const end = writer.writtenEnd;
        assert.ok((await readPrefix(handle, end)).equals(data.subarray(0, end)), `seed ${seed} round ${round}: bytes below ${end}`);
      }
      await writer.flush();
    } catch (error) {
      assert.equal((error as NodeJS.ErrnoException).code, 'EIO', `seed ${seed}: ${String(error)}`);
      failed = true;
      await writer.settle();
    }
    const end = writer.writtenEnd;
    assert.ok((await readPrefix(handle, end)).equals(data.subarray(0, end)), `seed ${seed} round ${round}: final bytes below ${end}`);
    if (!failed) assert.equal(end, data.length, `seed ${seed} round ${round}: everything written`);
    await handle.close();
  }
});
