import type { Task } from '../../app/domain/task.js';
import type { FileSystem } from '../engine/file-system.js';
import { partPathInside } from '../engine/part-path.js';

/** Deletes a task's `.part` file, if it has one: a completed task's file is its final name, never touched here. */
export async function deletePartialFile(fs: FileSystem, task: Task): Promise<void> {
  if (task.fileName !== null && task.state !== 'completed') await deleteIfPresent(fs, partPathInside(task.dir, task.fileName));
}

/** True when the file was there and is now gone. */
export async function deleteIfPresent(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** An error the operating system gave for a file (EISDIR, EACCES, EBUSY …), as opposed to a bug. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & Error {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number' && typeof (error as NodeJS.ErrnoException).code === 'string';
}
