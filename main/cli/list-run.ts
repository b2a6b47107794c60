import path from 'node:path';
import type { TaskView } from '../../app/contract/views.js';
import { decodeSnapshot } from '../../app/contract/wire-snapshot.js';
import { maskedHeaderValue } from '../../app/domain/secrets.js';
import { formatBytes } from '../../app/domain/units.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';
import { withQueue } from './owner-commands.js';

export interface ListFlags {
  readonly db?: string;
  readonly json?: boolean;
}

/** `peregrine list`: the owner's live state when one runs (not rows that may lag its transfers), else the stored queue. */
export async function list(flags: ListFlags, io: CliIo): Promise<number> {
  return withQueue(flags.db, io, async (client) => {
    const { tasks } = decodeSnapshot(await client.call('snapshot', {}));
    io.stdout.write(flags.json ? `${JSON.stringify(tasks.map(listed), null, 2)}\n` : table(tasks));
    return exitCodes.ok;
  });
}

/** A task as scripts see it: the contract's view (no secrets), its file's path, the checksum as given, header names with values masked. */
function listed(task: TaskView): Omit<TaskView, 'checksum' | 'headerNames'> & { checksum: string | null; headers: Record<string, string>; filePath: string | null } {
  const { checksum, headerNames, ...rest } = task;
  return {
    ...rest,
    checksum: checksum === null ? null : `${checksum.algorithm}=${checksum.hex}`,
    headers: Object.fromEntries(headerNames.map((name) => [name, maskedHeaderValue])),
    filePath: filePathOf(task),
  };
}

function filePathOf(task: TaskView): string | null {
  const name = task.fileName === null ? null : task.state === 'completed' ? task.fileName : `${task.fileName}.part`;
  return name === null ? null : path.join(task.dir, name);
}

function table(tasks: readonly TaskView[]): string {
  if (tasks.length === 0) return 'The queue is empty.\n';
  const rows = tasks.map((task) => [
    String(task.id),
    task.state + (task.reason !== null ? ` (${task.reason})` : ''),
    task.totalBytes !== null ? `${formatBytes(task.doneBytes)} of ${formatBytes(task.totalBytes)}` : formatBytes(task.doneBytes),
    task.fileName ?? task.url,
  ]);
  const header = ['ID', 'STATE', 'PROGRESS', 'FILE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
