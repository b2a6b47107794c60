import { DownloadError } from './download-error.js';
import { withCopyNumber } from './file-name.js';
import type { FileSystem } from './file-system.js';
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
    const target = pathInside(dir, name);
    try {
      await fs.link(part, target);
      await fs.unlink(part);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST' && (await sameFile(fs, part, target))) {
        // An earlier run linked it and was killed before removing the .part.
        await fs.unlink(part);
      } else if (code === 'EEXIST') {
        continue;
      } else {
        if (!noHardLinks.has(code)) throw error;
        if (await fs.exists(target)) continue;
        await fs.rename(part, target);
      }
    }
    await syncFolder(fs, dir);
    return name;
  }
  throw new DownloadError('file_error', `more than ${maxCopies} files named like "${fileName}"`);
}

async function sameFile(fs: FileSystem, a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([fs.stat(a), fs.stat(b)]);
  return first.dev === second.dev && first.ino === second.ino;
}

/** Makes a rename in `dir` survive a power cut; not every platform can fsync a folder. */
async function syncFolder(fs: FileSystem, dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'EACCES'].includes(code)) throw error;
  } finally {
    await handle?.close();
  }
}
