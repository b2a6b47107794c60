import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import type { ListFlags } from './list-run.js';

export function addListCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('list')
    .description('show the queue')
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .option('--json', 'print the tasks as a JSON array')
    .action(async (flags: ListFlags) => {
      const { list } = await import('./list-run.js');
      setExitCode(await list(flags, io));
    });
}
