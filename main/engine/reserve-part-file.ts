import type { FileHandle } from 'node:fs/promises';
import { firstFreeName, maxCopyNumber } from './copy-names.js';
import { DownloadError } from './download-error.js';
import type { FileSystem } from './file-system.js';
import { partPathInside, partSuffix } from './part-path.js';

export interface ReserveOptions {
  readonly nowMs: number;
  /** The final file will replace one of the same name (the overwrite policy): only `.part` names must be free. */
  readonly replaceFinal?: boolean | undefined;
}

/**
 * Claims a name in `dir`: neither the final file nor its `.part` may exist,
 * and the `.part` is created exclusively so two downloads never share one.
 * Existing files are never touched: "a.zip" taken means "a (1).zip".
 */
export async function reservePartFile(fs: FileSystem, dir: string, wanted: string, options: ReserveOptions): Promise<{ fileName: string; handle: FileHandle }> {
  const present = new Set(await fs.readdir(dir));
  // Every lost race adds a name to `present`, so this ends within the candidates.
  for (;;) {
    const fileName = firstFreeName(wanted, options.nowMs, present, { ignoreFinal: options.replaceFinal });
    if (fileName === undefined) throw new DownloadError('file_error', `more than ${maxCopyNumber} files named like "${wanted}"`);
    try {
      return { fileName, handle: await fs.open(partPathInside(dir, fileName), 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      present.add(fileName + partSuffix);
    }
  }
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
