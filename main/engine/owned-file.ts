import path from 'node:path';
import type { EntryStats, FileSystem } from './file-system.js';

/**
 * Why an entry in the download folder is not a file this download may write
 * to, or undefined when it may be. Download folders are often shared (/tmp, a
 * NAS share), so a name there proves nothing: a link planted in place of a
 * partial file would otherwise have its target appended to or renamed.
 */
export function whyNotOurs(stats: EntryStats, folderDevice: number, minSize = 0): string | undefined {
  if (!stats.isFile()) return 'it is not a regular file';
  // A hard link made by someone else reaches bytes that are not ours to change.
  if (stats.nlink > 1) return 'it has another name (a hard link)';
  if (stats.dev !== folderDevice) return 'it is on another device than its folder';
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) return 'it belongs to another user';
  if (stats.size < minSize) return `it holds ${stats.size} bytes, fewer than the ${minSize} recorded`;
  return undefined;
}

/** The device of the folder itself: the folder may be a link the user chose, so it is followed ("dir/."). */
export async function folderDevice(fs: FileSystem, dir: string): Promise<number> {
  return (await fs.stat(`${path.resolve(dir)}${path.sep}.`)).dev;
}
