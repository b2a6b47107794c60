import path from 'node:path';
import { maskHeaderValues, maskUrlPasswords } from '../../app/domain/secrets.js';
import type { Task } from '../../app/domain/task.js';
import { formatBytes } from '../../app/domain/units.js';
import { TaskStore } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';
import { openQueueDatabase } from './foreground-run.js';
import { ownerOf } from './owner-commands.js';

export interface ListFlags {
  readonly db?: string;
  readonly json?: boolean;
}

/** `peregrine list`: the owner's live view when one answers, else the stored rows; returns the exit code. */
export async function list(flags: ListFlags, io: CliIo): Promise<number> {
  const owner = await ownerOf(flags.db, io);
  if (owner !== undefined) {
    // The owner's live state, not rows that may lag its transfers.
    try {
      const { tasks } = await owner.call('snapshot', {});
      io.stdout.write(flags.json ? `${JSON.stringify(tasks.map(withFilePath), null, 2)}\n` : table(tasks));
    } finally {
      owner.close();
    }
    return exitCodes.ok;
  }
  const db = openQueueDatabase(flags.db, io);
  try {
    const tasks = new TaskStore(db).list();
    io.stdout.write(flags.json ? `${JSON.stringify(tasks.map(listed), null, 2)}\n` : table(tasks));
  } finally {
    db.close();
  }
  return exitCodes.ok;
}

/** What a listed row needs: a stored task, or the owner's view of one. */
type Listed = Pick<Task, 'id' | 'url' | 'dir' | 'state' | 'reason' | 'fileName' | 'doneBytes' | 'totalBytes'>;

/** The task as scripts see it: with its file's path, and without secrets (header values, URL passwords). */
function listed(task: Task): Task & { filePath: string | null } {
  return {
    ...task,
    url: maskUrlPasswords(task.url),
    currentUrl: maskUrlPasswords(task.currentUrl),
    message: task.message === null ? null : maskUrlPasswords(task.message),
    headers: maskHeaderValues(task.headers),
    filePath: filePathOf(task),
  };
}

/** The owner's views carry no secrets already. */
function withFilePath<T extends Listed>(task: T): T & { filePath: string | null } {
  return { ...task, filePath: filePathOf(task) };
}

function filePathOf(task: Listed): string | null {
  const name = task.fileName === null ? null : task.state === 'completed' ? task.fileName : `${task.fileName}.part`;
  return name === null ? null : path.join(task.dir, name);
}

function table(tasks: readonly Listed[]): string {
  if (tasks.length === 0) return 'The queue is empty.\n';
  const rows = tasks.map((task) => [
    String(task.id),
    task.state + (task.reason !== null ? ` (${task.reason})` : ''),
    task.totalBytes !== null ? `${formatBytes(task.doneBytes)} of ${formatBytes(task.totalBytes)}` : formatBytes(task.doneBytes),
    task.fileName ?? maskUrlPasswords(task.url),
  ]);
  const header = ['ID', 'STATE', 'PROGRESS', 'FILE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
