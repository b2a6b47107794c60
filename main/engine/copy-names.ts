import { splitExtension, truncateToBytes, withCopyNumber } from './file-name.js';
import { partSuffix } from './part-path.js';

/** Chromium's limit: past it, numbered copies are a sign of a loop, and a timestamp names the file instead. */
export const maxCopyNumber = 100;
/** Room for the `.part` suffix and the copy number a timestamped name may still get. */
const maxStampedBytes = 255 - Buffer.byteLength(partSuffix) - Buffer.byteLength(` (${maxCopyNumber})`);

/**
 * The names `wanted` may take in a folder, in order of preference: itself,
 * "name (1).ext" … "name (100).ext", then "name - 2024-01-15T120000.123.ext"
 * (UTC), as Chromium names them, numbered in turn when several downloads of
 * that name start within the same millisecond.
 */
export function* copyNames(wanted: string, nowMs: number): Generator<string> {
  for (let copy = 0; copy <= maxCopyNumber; copy += 1) yield withCopyNumber(wanted, copy);
  const stamped = withTimestamp(wanted, nowMs);
  for (let copy = 0; copy <= maxCopyNumber; copy += 1) yield withCopyNumber(stamped, copy);
}

function withTimestamp(name: string, nowMs: number): string {
  const { stem, extension } = splitExtension(name);
  const iso = new Date(nowMs).toISOString();
  const suffix = ` - ${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}`;
  const room = maxStampedBytes - Buffer.byteLength(suffix) - Buffer.byteLength(extension);
  return `${truncateToBytes(stem, room)}${suffix}${extension}`;
}

/**
 * The first of `wanted`'s names that is free in a folder whose entries are
 * `present` (one readdir, not a probe per number): neither the name nor its
 * `.part` exists, so no other download is about to take it.
 */
export function firstFreeName(wanted: string, nowMs: number, present: ReadonlySet<string>, options: { ignoreFinal?: boolean | undefined } = {}): string | undefined {
  for (const name of copyNames(wanted, nowMs)) {
    if (present.has(name + partSuffix)) continue;
    if (options.ignoreFinal !== true && present.has(name)) continue;
    return name;
  }
  return undefined;
}
