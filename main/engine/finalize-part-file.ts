import { firstFreeName, maxCopyNumber } from './copy-names.js';
import { DownloadError } from './download-error.js';
import type { FileSystem } from './file-system.js';
import { syncFolder } from './folder-sync.js';
import { partPathInside, pathInside } from './part-path.js';

/** File systems without hard links (FAT, some network shares) answer with these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

export interface FinalizeOptions {
  readonly nowMs: number;
  /** Replace a file already under the final name (the overwrite policy), atomically, never writing through it. */
  readonly replace?: boolean | undefined;
}

/**
 * Gives the complete, fsynced `.part` its final name and makes the rename
 * durable. A hard link is used because, unlike rename, it fails instead of
 * replacing a file that appeared under that name in the meantime.
 * Returns the name the file ended up with.
 */
export async function finalizePartFile(fs: FileSystem, dir: string, fileName: string, options: FinalizeOptions): Promise<string> {
  const part = partPathInside(dir, fileName);
  if (options.replace === true) {
    // rename() swaps the directory entry: a link planted under the name is replaced, its target never touched.
    await fs.rename(part, pathInside(dir, fileName));
    await syncFolder(fs, dir);
    return fileName;
  }
  if ((await placeAt(fs, part, pathInside(dir, fileName))) === 'placed') {
    await syncFolder(fs, dir);
    return fileName;
  }
  // The name was taken while downloading: one look at the folder finds a free copy name.
  const present = new Set(await fs.readdir(dir));
  for (;;) {
    const name = firstFreeName(fileName, options.nowMs, present);
    if (name === undefined) throw new DownloadError('file_error', `more than ${maxCopyNumber} files named like "${fileName}"`);
    if ((await placeAt(fs, part, pathInside(dir, name))) === 'placed') {
      await syncFolder(fs, dir);
      return name;
    }
    present.add(name);
  }
}

/** Puts the partial file at `target` unless another file has that name. */
async function placeAt(fs: FileSystem, part: string, target: string): Promise<'placed' | 'taken'> {
  try {
    await fs.link(part, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') {
      if (!(await sameFile(fs, part, target))) return 'taken';
      // An earlier run linked it and was killed before removing the .part: only the unlink is left.
    } else {
      if (!noHardLinks.has(code)) throw error;
      if (await fs.exists(target)) return 'taken';
      await fs.rename(part, target);
      return 'placed';
    }
  }
  // Linked: a failure to remove the .part is its own error, never a reason to try another name.
  await fs.unlink(part);
  return 'placed';
}

/** Compares the entries themselves: a link planted under the name is never "the same file". */
async function sameFile(fs: FileSystem, a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([fs.stat(a), fs.stat(b)]);
  return first.dev === second.dev && first.ino === second.ino;
}
