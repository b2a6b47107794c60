import { DownloadError } from './download-error.js';
import { withCopyNumber } from './file-name.js';
import type { FileSystem } from './file-system.js';
import { syncFolder } from './folder-sync.js';
import { partPathInside, pathInside } from './part-path.js';

const maxCopies = 9999;
/** File systems without hard links (FAT, some network shares) answer with these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Gives the complete, fsynced `.part` its final name and makes the rename
 * durable. A hard link is used because, unlike rename, it fails instead of
 * replacing a file that appeared under that name in the meantime.
 * Returns the name the file ended up with.
 */
export async function finalizePartFile(fs: FileSystem, dir: string, fileName: string): Promise<string> {
  const part = partPathInside(dir, fileName);
  for (let copy = 0; copy <= maxCopies; copy += 1) {
    const name = withCopyNumber(fileName, copy);
    if ((await placeAt(fs, part, pathInside(dir, name))) === 'taken') continue;
    await syncFolder(fs, dir);
    return name;
  }
  throw new DownloadError('file_error', `more than ${maxCopies} files named like "${fileName}"`);
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

async function sameFile(fs: FileSystem, a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([fs.stat(a), fs.stat(b)]);
  return first.dev === second.dev && first.ino === second.ino;
}
