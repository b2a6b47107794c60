import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { addForegroundOptions } from './foreground-options.js';
import type { GetFlags } from './get-run.js';
import { checksumArgument, collect, onExistsArgument } from './option-parsers.js';

export function addGetCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('get')
    .description('download files, resuming what an earlier run left unfinished')
    .argument('[urls...]', 'http(s) addresses to download')
    .option('-i, --input-file <file>', 'read URLs from a file, one per line ("-" for stdin)')
    .option('-d, --dir <dir>', 'folder to save into (default: the current folder)')
    .option('-o, --output <name>', 'file name to save as (one URL only)')
    .option('--checksum <algo=hex>', 'verify the file: sha256=…, sha1=… or md5=… (one URL only)', checksumArgument)
    .option('--header <"Name: value">', 'send this request header (repeatable)', collect, [])
    .option('--on-exists <policy>', 'when the file is already there: rename (default), overwrite or skip', onExistsArgument)
    .option('--continue', 'continue a file already there, after checking its end matches the server\'s bytes');
  addForegroundOptions(command).action(async (urls: string[], flags: GetFlags, self: Command) => {
    // What a command runs loads only when it runs: --help and --version start without the engine, the store or got.
    const { get } = await import('./get-run.js');
    // -c and --limit given explicitly are each download's own settings in an owner's queue.
    const given = { connections: self.getOptionValueSource('connections') === 'cli', limit: self.getOptionValueSource('limit') === 'cli' };
    setExitCode(await get(urls, flags, given, io));
  });
}
