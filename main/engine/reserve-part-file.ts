import type { FileHandle } from 'node:fs/promises';
import { DownloadError } from './download-error.js';
import { withCopyNumber } from './file-name.js';
import type { FileSystem } from './file-system.js';
import { partPathInside, pathInside } from './part-path.js';

const maxCopies = 9999;

/**
 * Claims a name in `dir`: neither the final file nor its `.part` may exist,
 * and the `.part` is created exclusively so two downloads never share one.
 * Existing files are never touched: "a.zip" taken means "a (1).zip".
 */
export async function reservePartFile(fs: FileSystem, dir: string, wanted: string): Promise<{ fileName: string; handle: FileHandle }> {
  for (let copy = 0; copy <= maxCopies; copy += 1) {
    const fileName = withCopyNumber(wanted, copy);
    if (await fs.exists(pathInside(dir, fileName))) continue;
    try {
      return { fileName, handle: await fs.open(partPathInside(dir, fileName), 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
  }
  throw new DownloadError('file_error', `more than ${maxCopies} files named like "${wanted}"`);
}

/** Reopens a partial file from an earlier attempt; undefined when it is gone. */
export async function reopenPartFile(fs: FileSystem, dir: string, fileName: string): Promise<FileHandle | undefined> {
  try {
    return await fs.open(partPathInside(dir, fileName), 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
