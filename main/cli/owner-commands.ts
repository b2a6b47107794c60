import type { BulkResult, RemoveResult } from '../../app/contract/commands.js';
import { ContractError } from '../../app/contract/errors.js';
import type { Selection } from '../../app/contract/inputs.js';
import { connectToOwner, controlSocketPath, type OwnerClient } from '../server/owner-client.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';
import { databasePath } from './foreground-run.js';

/** The live process that owns this database (the app or `serve`), if one answers. */
export async function ownerOf(dbFlag: string | undefined, io: CliIo): Promise<OwnerClient | undefined> {
  return connectToOwner(controlSocketPath(databasePath(dbFlag, io)));
}

/**
 * pause, resume, retry, cancel and remove sent to the owner's live queue:
 * the running transfer stops, restarts or goes, instead of a row changing
 * under a process that never hears of it.
 */
export async function commandThroughOwner(
  owner: OwnerClient,
  command: 'pause' | 'resume' | 'retry' | 'cancel' | 'remove',
  selection: Selection,
  options: { readonly deleteFile: boolean },
  io: CliIo,
): Promise<number> {
  try {
    if (command === 'remove') {
      const result: RemoveResult = await owner.call('tasks.remove', { ...selection, deleteFile: options.deleteFile });
      for (const { id } of result.removed) io.stdout.write(`task ${id}: removed\n`);
      return reportRefusals(result.refused, io);
    }
    const result: BulkResult = await owner.call(`tasks.${command}`, selection);
    for (const task of result.tasks) io.stdout.write(`task ${task.id}: ${task.state}\n`);
    return reportRefusals(result.refused, io);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    io.stderr.write(`peregrine: ${error.message}\n`);
    return exitCodes.failed;
  } finally {
    owner.close();
  }
}

function reportRefusals(refused: BulkResult['refused'], io: CliIo): number {
  for (const refusal of refused) io.stderr.write(`peregrine: task ${refusal.id}: ${refusal.message}\n`);
  return refused.length > 0 ? exitCodes.failed : exitCodes.ok;
}
