import type { Command } from 'commander';
import { isLoopback } from '../server/loopback.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './exit-codes.js';
import { nonNegativeInteger } from './option-parsers.js';

export interface ServeFlags {
  readonly port: number;
  readonly host: string;
  readonly allowRemote?: boolean;
  readonly db?: string;
  readonly dir?: string;
  readonly tokenFile?: string;
}

export function addServeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .description('run the download queue with the web UI and the local API (on 127.0.0.1, behind a token)')
    .option('--port <n>', 'port to listen on (0: any free port)', nonNegativeInteger, 6801)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other than loopback (the token is still required)')
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .option('--dir <folder>', 'default download folder (default: ~/Downloads)')
    .option('--token-file <path>', 'where the access token is kept (default: beside the database)')
    .action(async (flags: ServeFlags) => {
      if (!isLoopback(flags.host) && flags.allowRemote !== true) {
        throw new UsageError(`--host ${flags.host} is reachable from other machines; add --allow-remote if that is what you want`);
      }
      // The server and its framework load only for `serve`: every other command starts without them.
      const { serve } = await import('./serve-run.js');
      setExitCode(await serve(flags, io));
    });
}

