import type { Selection } from '../../app/contract/inputs.js';
import type { ContractClient } from '../../app/contract/messages.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './exit-codes.js';
import type { ForegroundFlags } from './foreground-options.js';
import { runInForeground, type Asked } from './foreground-run.js';
import { commandOnQueue, reportRefusals, withQueue } from './owner-commands.js';

/** pause and cancel, on the owner's live queue or the stored one; returns the exit code. */
export async function pauseOrCancel(name: 'pause' | 'cancel', ids: readonly string[], flags: { readonly db?: string }, io: CliIo): Promise<number> {
  const chosen = selection(ids);
  return withQueue(flags.db, io, (client) => commandOnQueue(client, name, chosen, { deleteFile: false }, io));
}

/** remove: partial files go; finished files too with --delete-file. */
export async function remove(ids: readonly string[], flags: { readonly db?: string; readonly deleteFile?: boolean }, io: CliIo): Promise<number> {
  const chosen = selection(ids);
  return withQueue(flags.db, io, (client) => commandOnQueue(client, 'remove', chosen, { deleteFile: flags.deleteFile === true }, io));
}

/** resume and retry queue the tasks again and follow them to the end, like `get` (with a live owner, the owner downloads them). */
export async function resumeOrRetry(name: 'resume' | 'retry', ids: readonly string[], flags: ForegroundFlags, io: CliIo): Promise<number> {
  const chosen = selection(ids);
  const ask = async (client: ContractClient): Promise<Asked> => {
    const result = await client.call(`tasks.${name}`, chosen);
    for (const task of result.tasks) io.stdout.write(`task ${task.id}: ${task.state}\n`);
    // Queued now, or still marked running after a crash (the run picks it up again).
    const runnable = result.tasks.filter((task) => task.state === 'queued' || task.state === 'running');
    return { ids: runnable.map((task) => task.id), failures: new Map(), code: reportRefusals(result.refused, io) };
  };
  return runInForeground({ ask }, flags, io);
}

function selection(args: readonly string[]): Selection {
  if (args.length === 1 && args[0] === 'all') return { all: true };
  return {
    ids: args.map((arg) => {
      if (!/^\d+$/.test(arg)) throw new UsageError(`"${arg}" is not a task id (a number from \`peregrine list\`) or "all"`);
      return Number(arg);
    }),
  };
}
