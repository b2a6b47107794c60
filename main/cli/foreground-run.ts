import path from 'node:path';
import type { Command } from 'commander';
import type { Checksum } from '../../app/domain/checksum.js';
import type Database from 'better-sqlite3';
import { defaultSettings, maxConnectionsPerTask } from '../../app/domain/default-settings.js';
import { systemClock } from '../engine/clock.js';
import { nodeFileSystem } from '../engine/file-system.js';
import { createGotHttpClient } from '../engine/got-http-client.js';
import { defaultDatabasePath } from '../store/default-database-path.js';
import { GroupStore } from '../store/group-store.js';
import { openDatabase } from '../store/open-database.js';
import { TaskStore } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import type { DownloadReporter } from './download-reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { byteRate, connectionCount, nonNegativeInteger, positiveInteger, positiveNumber } from './option-parsers.js';
import { runTasks } from './run-tasks.js';
import { createTerminalReporter } from './terminal-reporter.js';

/** The options every command that downloads in the foreground takes. */
export interface ForegroundFlags {
  readonly concurrent: number;
  readonly connections: number;
  readonly retries: number;
  readonly timeout?: number;
  readonly limit: number;
  readonly db?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Only `get` takes one (one URL). */
  readonly checksum?: Checksum;
}

export function addForegroundOptions(command: Command): Command {
  return command
    .option('-j, --concurrent <n>', 'files downloaded at once', positiveInteger, 3)
    .option('-c, --connections <n>', `connections per file, 1 to ${maxConnectionsPerTask}`, connectionCount, defaultSettings.connections)
    .option('--retries <n>', 'retries after a retryable failure', nonNegativeInteger, 5)
    .option('--timeout <seconds>', 'give up on a silent connection after this long (default: 30 s for the headers, 20 s within the body)', positiveNumber)
    .option('--limit <rate>', 'total speed limit, e.g. 500K or 2M per second (0: none)', byteRate, 0)
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .option('--json', 'print one JSON event per line instead of progress bars')
    .option('-q, --quiet', 'print only errors');
}

export function openQueueDatabase(dbFlag: string | undefined, io: CliIo): Database.Database {
  return openDatabase(databasePath(dbFlag, io), dbFlag !== undefined ? {} : { privateFolder: true });
}

/** The database a command acts on: --db, else the per-user one the app uses. */
export function databasePath(dbFlag: string | undefined, io: CliIo): string {
  return dbFlag !== undefined ? path.resolve(io.cwd, dbFlag) : defaultDatabasePath(io.env);
}

/** Live progress on a terminal, or JSON lines for scripts. */
export function reporterFor(flags: Pick<ForegroundFlags, 'json' | 'quiet'>, io: CliIo): DownloadReporter {
  const write = (line: string): void => void io.stdout.write(line);
  return flags.json
    ? createJsonReporter(write)
    : createTerminalReporter({ out: write, err: (line) => void io.stderr.write(line), stderr: io.stderr, quiet: flags.quiet === true });
}

/** Downloads the given tasks with live progress (or JSON events) until each settles; returns the exit code. */
export async function runInForeground(db: Database.Database, ids: readonly number[], flags: ForegroundFlags, io: CliIo): Promise<number> {
  const reporter = reporterFor(flags, io);
  return runTasks(
    ids,
    {
      concurrent: flags.concurrent,
      connections: flags.connections,
      retries: flags.retries,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      speedLimit: flags.limit,
      checksum: flags.checksum,
    },
    {
      tasks: new TaskStore(db),
      groups: new GroupStore(db),
      http: createGotHttpClient(),
      fs: nodeFileSystem,
      clock: systemClock,
      reporter,
      signal: io.signal,
    },
  );
}
