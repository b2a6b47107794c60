import * as path from 'node:path';
import { DownloadError } from './download-error.js';

export const partSuffix = '.part';

/**
 * The path of `fileName` inside `dir`, refusing anything that would land
 * elsewhere. Names are sanitised before they get here; this is the second lock.
 */
export function pathInside(dir: string, fileName: string): string {
  const folder = path.resolve(dir);
  const target = path.resolve(folder, fileName);
  if (path.dirname(target) !== folder || path.basename(target) !== fileName) {
    throw new DownloadError('file_error', `refusing to write "${fileName}" outside ${folder}`);
  }
  return target;
}

export function partPathInside(dir: string, fileName: string): string {
  return pathInside(dir, fileName) + partSuffix;
}
