import type { FileHandle } from 'node:fs/promises';
import { firstFreeName, maxCopyNumber } from './copy-names.js';
import { DownloadError } from './download-error.js';
import type { EntryStats, FileSystem } from './file-system.js';
import { folderDevice, whyNotOurs } from './owned-file.js';
import { partPathInside, partSuffix, pathInside } from './part-path.js';

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
  // Usually the name is free: two calls, instead of listing a Downloads folder of thousands of files per download.
  const handle = await openIfFree(fs, dir, wanted, options);
  if (handle !== undefined) return { fileName: wanted, handle };
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

/**
 * The `.part` of `wanted` created exclusively when neither it nor (unless replaced) the final name exists;
 * undefined when taken. A folder that is not there (typed in, or removed since the download was added) is
 * made first, with its parents, as browsers and aria2 do: it is the folder the user chose.
 */
async function openIfFree(fs: FileSystem, dir: string, wanted: string, options: ReserveOptions, folderMade = false): Promise<FileHandle | undefined> {
  if (options.replaceFinal !== true && (await fs.exists(pathInside(dir, wanted)))) return undefined;
  try {
    return await fs.open(partPathInside(dir, wanted), 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code !== 'ENOENT' || folderMade) throw error;
  }
  await fs.makeFolder(dir);
  return openIfFree(fs, dir, wanted, options, true);
}

export type Reopened =
  | { readonly kind: 'reopened'; readonly handle: FileHandle }
  /** No partial file: it was never made, or was removed. */
  | { readonly kind: 'gone' }
  /** An earlier attempt gave it its final name and was stopped before removing the `.part`. */
  | { readonly kind: 'finished' }
  /** Something else has the name now (a planted link, a hard link, another user's file): left alone. */
  | { readonly kind: 'not_ours'; readonly why: string };

/**
 * Reopens the partial file of an earlier attempt, never through a link, and
 * trusts it only if the open handle shows a regular file of this user, in
 * this folder, holding at least the bytes recorded as durable.
 */
export async function reopenPartFile(fs: FileSystem, dir: string, fileName: string, durableBytes: number): Promise<Reopened> {
  const partPath = partPathInside(dir, fileName);
  let handle: FileHandle;
  try {
    handle = await fs.open(partPath, 'r+');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'gone' };
    // O_NOFOLLOW met a symbolic link.
    if (code === 'ELOOP' || code === 'EMLINK') return { kind: 'not_ours', why: 'it is a symbolic link' };
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (stats.nlink === 2 && (await isFinalNameOf(fs, dir, fileName, stats))) {
      await handle.close();
      await fs.unlink(partPath);
      return { kind: 'finished' };
    }
    const why = whyNotOurs(stats, await folderDevice(fs, dir), durableBytes);
    if (why === undefined) return { kind: 'reopened', handle };
    await handle.close();
    return { kind: 'not_ours', why };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** True when the final name is the very file of the partial one (linked by finalizePartFile). */
async function isFinalNameOf(fs: FileSystem, dir: string, fileName: string, part: EntryStats): Promise<boolean> {
  try {
    const final = await fs.stat(pathInside(dir, fileName));
    return final.dev === part.dev && final.ino === part.ino;
  } catch {
    return false;
  }
}
