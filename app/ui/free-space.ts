import type { TaskProgress } from '../contract/views.js';

/** Below this the status bar warns whatever runs: a few large files fill it. */
export const lowSpaceBytes = 1024 ** 3;

/** Bytes the running downloads still need, for those whose size is known. */
export function bytesStillNeeded(progress: Iterable<TaskProgress>): number {
  let needed = 0;
  for (const entry of progress) if (entry.totalBytes !== null) needed += Math.max(0, entry.totalBytes - entry.bytes);
  return needed;
}

/** The last part of a folder's path, as the status bar names it ("412 GB free in Downloads"); a root is named as it is. */
export function folderName(folder: string): string {
  const parts = folder.split(/[\\/]+/).filter((part) => part !== '');
  return parts.at(-1) ?? folder;
}

/** Whether the download folder's disk is about to be too small: under 1 GiB, or under what the running downloads still need. */
export function lowOnSpace(freeBytes: number, neededBytes: number): boolean {
  return freeBytes < lowSpaceBytes || freeBytes < neededBytes;
}
