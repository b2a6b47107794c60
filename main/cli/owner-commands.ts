import type { BulkResult, RemoveResult } from '../../app/contract/commands.js';
import type { Selection } from '../../app/contract/inputs.js';
import type { ContractClient } from '../../app/contract/messages.js';
import { connectToOwner, controlSocketPath, type OwnerClient } from '../server/owner-client.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';
import { databasePath, openLocalService } from './local-service.js';

/** The live process that owns this database (the app, `serve`, a command downloading in the foreground), if one answers. */
export async function ownerOf(dbFlag: string | undefined, io: CliIo): Promise<OwnerClient | undefined> {
  return connectToOwner(controlSocketPath(databasePath(dbFlag, io)));
}

/**
 * Runs `work` against the database's live owner, so the running transfer
 * stops, restarts or goes instead of a row changing under a process that
 * never hears of it; with no owner, against the service in this process
 * (which runs nothing: it changes the stored queue and its files).
 */
export async function withQueue(dbFlag: string | undefined, io: CliIo, work: (client: ContractClient) => Promise<number>): Promise<number> {
  const owner = await ownerOf(dbFlag, io);
  if (owner !== undefined) {
    try {
      return await work(owner);
    } catch (error) {
      // It went away meanwhile (a command that finished its downloads): the queue is the stored one again.
      if (!owner.gone) throw error;
    } finally {
      owner.close();
    }
  }
  const local = openLocalService(dbFlag, io);
  try {
    return await work(local.service);
  } finally {
    local.close();
  }
}

/** pause, resume, retry, cancel and remove on a selection of tasks: a line per task changed, one per refusal. */
export async function commandOnQueue(
  client: ContractClient,
  command: 'pause' | 'resume' | 'retry' | 'cancel' | 'remove',
  selection: Selection,
  options: { readonly deleteFile: boolean },
  io: CliIo,
): Promise<number> {
  if (command === 'remove') {
    const result: RemoveResult = await client.call('tasks.remove', { ...selection, deleteFile: options.deleteFile });
    for (const { id } of result.removed) io.stdout.write(`task ${id}: removed\n`);
    const leftovers = result.removed.filter((removed) => removed.leftover !== undefined);
    for (const { id, leftover } of leftovers) io.stderr.write(`peregrine: task ${id}: its file could not be deleted: ${leftover}\n`);
    const refusals = reportRefusals(result.refused, io);
    return leftovers.length > 0 ? exitCodes.failed : refusals;
  }
  const result: BulkResult = await client.call(`tasks.${command}`, selection);
  for (const task of result.tasks) io.stdout.write(`task ${task.id}: ${task.state}\n`);
  return reportRefusals(result.refused, io);
}

export function reportRefusals(refused: BulkResult['refused'], io: CliIo): number {
  for (const { id, message } of refused) {
    // The queue's own words name the task already ("task 3: …", "there is no task 3").
    io.stderr.write(`peregrine: ${message.includes(`task ${id}`) ? message : `task ${id}: ${message}`}\n`);
  }
  return refused.length > 0 ? exitCodes.failed : exitCodes.ok;
}
