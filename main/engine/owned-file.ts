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
  const uid = ownUid();
  if (uid !== undefined && stats.uid !== uid) return 'it belongs to another user';
  if (stats.size < minSize) return `it holds ${stats.size} bytes, fewer than the ${minSize} recorded`;
  return undefined;
}

/** This process's user, asked once (a system call per file otherwise); undefined where there is none (Windows). */
let uid: { readonly value: number | undefined } | undefined;
function ownUid(): number | undefined {
  uid ??= { value: process.getuid?.() };
  return uid.value;
}

/** The device of the folder itself: the folder may be a link the user chose, so it is followed ("dir/."). */
export async function folderDevice(fs: FileSystem, dir: string): Promise<number> {
  return (await fs.stat(`${path.resolve(dir)}${path.sep}.`)).dev;
}

/**
 * Reads an entry of `dir` (lstat) with the device of `dir` to judge it by
 * (whyNotOurs). The folder's device is remembered for a second per folder:
 * small files finishing together read it once, not once each. An entry found
 * on another device than the remembered one is judged by a fresh reading, so
 * a remembered device never refuses a file by itself.
 */
export async function statWithFolderDevice(fs: FileSystem, dir: string, entry: string, now: number): Promise<{ stats: EntryStats; device: number }> {
  let readings = folderDevices.get(fs);
  if (readings === undefined) {
    readings = new Map();
    folderDevices.set(fs, readings);
  }
  const remembered = readings.get(dir);
  if (remembered !== undefined && now - remembered.at >= 0 && now - remembered.at < folderDeviceReadingMs) {
    const stats = await fs.stat(entry);
    if (stats.dev === remembered.device) return { stats, device: remembered.device };
    return { stats, device: await readFolderDevice(fs, dir, now, readings) };
  }
  const [stats, device] = await Promise.all([fs.stat(entry), readFolderDevice(fs, dir, now, readings)]);
  return { stats, device };
}

async function readFolderDevice(fs: FileSystem, dir: string, now: number, readings: Map<string, { device: number; at: number }>): Promise<number> {
  const device = await folderDevice(fs, dir);
  readings.set(dir, { device, at: now });
  return device;
}

const folderDevices = new WeakMap<FileSystem, Map<string, { device: number; at: number }>>();
const folderDeviceReadingMs = 1000;
