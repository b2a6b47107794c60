import { Command, CommanderError } from 'commander';
import { ContractError } from '../../app/contract/errors.js';
import { maskUrlPasswords } from '../../app/domain/secrets.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, UsageError } from './exit-codes.js';
import { addGetCommand } from './get-command.js';
import { addListCommand } from './list-command.js';
import { addQueueCommands } from './queue-commands.js';
import { addServeCommand } from './serve-command.js';
import { peregrineVersion } from './package-root.js';
import { isSqliteError } from '../service/sqlite-error.js';

/** Runs one `peregrine …` command line and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('peregrine')
    .description('Peregrine: a download manager that resumes, verifies and never loses a byte')
    .version(peregrineVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  addGetCommand(program, io, setExitCode);
  addListCommand(program, io, setExitCode);
  addQueueCommands(program, io, setExitCode);
  addServeCommand(program, io, setExitCode);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse failure is a usage error, already printed by commander.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`peregrine: ${maskUrlPasswords(error.message)}\n`);
      return exitCodes.usage;
    }
    if (error instanceof ContractError) {
      // The service's own words: a database that cannot be opened or refused a change, an owner that went away.
      io.stderr.write(`peregrine: ${maskUrlPasswords(error.message)}\n`);
      return error.code === 'invalid_input' ? exitCodes.usage : exitCodes.failed;
    }
    if (isSqliteError(error)) {
      // Locked past the busy timeout, read-only, full: the user's words, not a stack.
      io.stderr.write(`peregrine: the queue database refused the change: ${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  }
}
