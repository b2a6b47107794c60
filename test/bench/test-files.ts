import { createHash, randomFill } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const fillRandom = promisify(randomFill);
const chunkBytes = 4 << 20;

export interface TestFile {
  /** Path relative to the served folder, with `/` separators (it goes into URLs). */
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Writes `bytes` random bytes to `root/name` and returns its digest. Random so no layer can compress or dedupe it. */
export async function writeRandomFile(root: string, name: string, bytes: number): Promise<TestFile> {
  const file = path.join(root, ...name.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, bytes));
  const handle = await open(file, 'wx');
  try {
    for (let written = 0; written < bytes; ) {
      const chunk = buffer.subarray(0, Math.min(buffer.length, bytes - written));
      await fillRandom(chunk);
      hash.update(chunk);
      // writeFile loops until every byte is written, unlike a single write().
      await handle.writeFile(chunk);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return { name, bytes, sha256: hash.digest('hex') };
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
