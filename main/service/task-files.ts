import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ContractError } from '../../app/contract/errors.js';
import type { Task } from '../../app/domain/task.js';
import { partPathInside, pathInside } from '../engine/part-path.js';

/** What a host can do with a file on the user's desktop; a headless host has none. */
export interface HostShell {
  /** Opens the file with its default application; resolves with an error message when the system could not. */
  open(filePath: string): Promise<string | undefined>;
  /** Shows the file selected in its folder. */
  reveal(filePath: string): void;
}

/**
 * The finished file of a task, resolved in main from the task's own record
 * (never a path from a client) and checked again: a regular file, inside the
 * task's folder once links are resolved.
 */
export async function finishedFileOf(task: Task): Promise<string> {
  if (task.state !== 'completed' || task.fileName === null) {
    throw new ContractError('refused', 'only a finished download can be opened', 'not_finished', task.state);
  }
  return checkedInside(task.dir, pathInside(task.dir, task.fileName));
}

/** What "show in folder" points at: the file when finished, the partial file while it exists, else the folder. */
export async function revealTargetOf(task: Task): Promise<string> {
  if (task.fileName !== null) {
    const candidate = task.state === 'completed' ? pathInside(task.dir, task.fileName) : partPathInside(task.dir, task.fileName);
    try {
      return await checkedInside(task.dir, candidate);
    } catch {
      // Gone or moved: the folder is still worth showing.
    }
  }
  try {
    return await realpath(task.dir);
  } catch {
    throw new ContractError('not_found', `the folder ${task.dir} no longer exists`);
  }
}

async function checkedInside(dir: string, file: string): Promise<string> {
  let stats;
  try {
    stats = await lstat(file);
  } catch {
    throw new ContractError('not_found', `${path.basename(file)} is no longer in ${dir}`);
  }
  if (!stats.isFile()) throw new ContractError('refused', `${path.basename(file)} is not a regular file`, 'not_a_file');
  const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
  if (path.dirname(realFile) !== realDir) throw new ContractError('refused', `${path.basename(file)} is not inside ${dir}`, 'not_a_file');
  return realFile;
}
