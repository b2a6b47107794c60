import path from 'node:path';
import type Database from 'better-sqlite3';
import { systemClock } from '../engine/clock.js';
import { nodeFileSystem } from '../engine/file-system.js';
import { createGotHttpClient } from '../engine/got-http-client.js';
import { defaultDatabasePath } from '../store/default-database-path.js';
import { GroupStore } from '../store/group-store.js';
import { openDatabase } from '../store/open-database.js';
import { TaskStore } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import type { DownloadReporter } from './download-reporter.js';
import type { ForegroundFlags } from './foreground-options.js';
import { createJsonReporter } from './json-reporter.js';
import { runTasks } from './run-tasks.js';
import { createTerminalReporter } from './terminal-reporter.js';

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
