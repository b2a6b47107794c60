import * as path from 'node:path';
import { DownloadError } from './download-error.js';

export const partSuffix = '.part';

/**
 * The path of `fileName` inside `dir`, refusing anything that would land
 * elsewhere. Names are sanitised before they get here; this is the second lock.
 */
export function pathInside(dir: string, fileName: string): string {
  const folder = path.resolve(dir);
  // One plain segment (what a sanitised name is) lands right under the folder: the same path
  // path.resolve would give, without resolving it again (a few times per download).
  if (path.sep === '/' && isPlainSegment(fileName)) return folder === '/' ? `/${fileName}` : `${folder}/${fileName}`;
  const target = path.resolve(folder, fileName);
  if (path.dirname(target) !== folder || path.basename(target) !== fileName) {
    throw new DownloadError('file_error', `refusing to write "${fileName}" outside ${folder}`);
  }
  return target;
}

function isPlainSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

export function partPathInside(dir: string, fileName: string): string {
  return pathInside(dir, fileName) + partSuffix;
}
