import * as fs from 'node:fs/promises';
import { constants, createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** What `stat` tells about a directory entry. */
export interface EntryStats {
  readonly size: number;
  readonly dev: number;
  readonly ino: number;
  /** Names this file has: more than one means another path reaches the same bytes. */
  readonly nlink: number;
  readonly uid: number;
  isFile(): boolean;
}

/**
 * The file operations the engine performs, nothing more. Passed in so a test
 * can make the disk fail in ways a real disk rarely does on demand (ENOSPC,
 * EIO) while everything else stays real.
 *
 * Download folders are often shared (/tmp, a NAS share), so nothing here
 * follows a symbolic link inside them: `r+` refuses one (ELOOP), `wx` never
 * creates through one, and `stat` describes the entry itself.
 */
export interface FileSystem {
  open(path: string, flags: 'wx' | 'r+' | 'r'): Promise<fs.FileHandle>;
  /** The entry itself (lstat): a link is described, not followed. */
  stat(path: string): Promise<EntryStats>;
  readdir(path: string): Promise<string[]>;
  /** Bytes available to this user on the file system holding `path`. */
  freeBytes(path: string): Promise<number>;
  /** Creates `to` as a new name for `from`; fails with EEXIST, never replaces. */
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Makes the folder and any missing parent; nothing happens when it is there. */
  makeFolder(path: string): Promise<void>;
  createReadStream(path: string): Readable;
}

/** O_NOFOLLOW is 0 where the platform has none (Windows): there, links need privileges to plant. */
const readWriteNoFollow = constants.O_RDWR | (constants.O_NOFOLLOW ?? 0);

export const nodeFileSystem: FileSystem = {
  open: (path, flags) => fs.open(path, flags === 'r+' ? readWriteNoFollow : flags),
  stat: (path) => fs.lstat(path),
  readdir: (path) => fs.readdir(path),
  freeBytes: async (path) => {
    const stats = await fs.statfs(path);
    return stats.bavail * stats.bsize;
  },
  link: (from, to) => fs.link(from, to),
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  exists: async (path) => {
    try {
      await fs.lstat(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  },
  makeFolder: async (path) => {
    await fs.mkdir(path, { recursive: true });
  },
  createReadStream: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
};
