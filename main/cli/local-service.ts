import path from 'node:path';
import { openHeadlessService, type HeadlessService, type RunTuning } from '../service/open-service.js';
import { defaultDatabasePath } from '../store/default-database-path.js';
import { isSqliteError } from '../service/sqlite-error.js';
import type { CliIo } from './cli-io.js';

/** The database a command acts on: --db, else the per-user one the app uses. */
export function databasePath(dbFlag: string | undefined, io: CliIo): string {
  return dbFlag !== undefined ? path.resolve(io.cwd, dbFlag) : defaultDatabasePath(io.env);
}

/**
 * The service in this process, for a command run with no live owner: scoped,
 * so that it runs what the command asks for and nothing else of the queue.
 */
export function openLocalService(dbFlag: string | undefined, io: CliIo, tuning?: RunTuning): HeadlessService {
  return openHeadlessService({
    databaseFile: databasePath(dbFlag, io),
    privateFolder: dbFlag === undefined,
    defaultDir: io.cwd,
    hostKind: 'cli',
    scoped: true,
    tuning,
    log: (message, error) => {
      // The database's refusals reach the command as contract errors and notices, in words;
      // only a fault of Peregrine's own is worth its stack.
      if (isSqliteError(error) || (error instanceof Error && error.name === 'StoreError')) return;
      io.stderr.write(`peregrine: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    },
  });
}
