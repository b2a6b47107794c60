import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { addForegroundOptions, type ForegroundFlags } from './foreground-options.js';

/**
 * pause, cancel and remove change the stored queue; resume and retry queue
 * the tasks again and download them in the foreground, like `get`.
 */
export function addQueueCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  for (const [name, description] of [
    ['pause', 'pause downloads (the partial file is kept)'],
    ['cancel', 'cancel downloads (the partial file is deleted; the task stays in the list)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<ids...>', 'task ids (see `peregrine list`), or "all"')
      .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
      .action(async (ids: string[], flags: { db?: string }) => {
        const { pauseOrCancel } = await import('./queue-run.js');
        setExitCode(await pauseOrCancel(name, ids, flags, io));
      });
  }

  program
    .command('remove')
    .description('remove downloads from the list (partial files are deleted; finished files are kept unless --delete-file)')
    .argument('<ids...>', 'task ids (see `peregrine list`), or "all"')
    .option('--delete-file', 'also delete the downloaded files')
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .action(async (ids: string[], flags: { db?: string; deleteFile?: boolean }) => {
      const { remove } = await import('./queue-run.js');
      setExitCode(await remove(ids, flags, io));
    });

  for (const [name, description] of [
    ['resume', 'resume paused or failed downloads and download them now'],
    ['retry', 'retry failed downloads now, with a fresh set of retries'],
  ] as const) {
    addForegroundOptions(
      program.command(name).description(description).argument('<ids...>', 'task ids (see `peregrine list`), or "all"'),
    ).action(async (ids: string[], flags: ForegroundFlags) => {
      const { resumeOrRetry } = await import('./queue-run.js');
      setExitCode(await resumeOrRetry(name, ids, flags, io));
    });
  }
}
