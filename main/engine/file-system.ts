import * as fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * The file operations the engine performs, nothing more. Passed in so a test
 * can make the disk fail in ways a real disk rarely does on demand (ENOSPC,
 * EIO) while everything else stays real.
 */
export interface FileSystem {
  open(path: string, flags: 'wx' | 'r+' | 'r'): Promise<fs.FileHandle>;
  stat(path: string): Promise<{ size: number; dev: number; ino: number }>;
  /** Bytes available to this user on the file system holding `path`. */
  freeBytes(path: string): Promise<number>;
  /** Creates `to` as a new name for `from`; fails with EEXIST, never replaces. */
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  createReadStream(path: string): Readable;
}

export const nodeFileSystem: FileSystem = {
  open: (path, flags) => fs.open(path, flags),
  stat: (path) => fs.stat(path),
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
  createReadStream: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
};
