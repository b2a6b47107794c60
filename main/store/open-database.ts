import type BetterSqlite3 from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { migrations } from './migrations.js';

// Required, not imported: an ESM import of this CommonJS package first scans
// its sources for named exports, about 5 ms of every command's start-up.
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof BetterSqlite3;
type Database = BetterSqlite3.Database;

/**
 * The addon npm built beside better-sqlite3, for plain Node (the CLI, serve,
 * tests). Named, better-sqlite3 loads it at once; unnamed, the `bindings`
 * package finds it by reading an Error's stack and trying paths until one
 * loads, each miss a thrown error: ~4 ms of every command's start-up. Not
 * there (another build layout), or in Electron (asar and its unpacked addon,
 * or the desktop host's own build): better-sqlite3 looks as it always did.
 */
function builtAddon(): string | undefined {
  if (process.versions['electron'] !== undefined) return undefined;
  const addon = path.join(path.dirname(require.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(addon) ? addon : undefined;
}

export interface OpenDatabaseOptions {
  /** better-sqlite3 built for another runtime (Electron in development). */
  readonly nativeBinding?: string | undefined;
  /** How long to wait for another process holding a lock. */
  readonly busyTimeoutMs?: number | undefined;
  /** The folder is Peregrine's own data folder: made private (0700) even if it already exists. */
  readonly privateFolder?: boolean | undefined;
}

/** Raised instead of ever starting empty over a database that could not be read. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** Opens (creating if needed) the queue database and brings its schema up to date. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  let db: Database | undefined;
  try {
    makePrivate(path.resolve(file), options.privateFolder === true);
    const nativeBinding = options.nativeBinding ?? builtAddon();
    db = new Database(file, nativeBinding !== undefined ? { nativeBinding } : {});
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a killed process loses no commit; a power cut may lose
    // the last ones, never corrupts. Progress rows only ever lag the disk, so
    // losing one is safe, and it spares an fsync per state change.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`cannot open the queue database ${file}: ${reason}`, { cause: error });
  }
}

/**
 * The database holds request headers (tokens, cookies): only its owner may read it. A new file is
 * created 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the same mode; an
 * existing one (from an older Peregrine) is tightened.
 */
function makePrivate(file: string, privateFolder: boolean): void {
  const folder = path.dirname(file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (privateFolder) chmodSync(folder, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(name, 0o600);
    } catch (error) {
      // Gone, or another user's file: nothing to tighten.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
    }
  }
}

function migrate(db: Database): void {
  if (schemaVersion(db) === migrations.length) return;
  // Read again under the write lock: two processes opening a new database at once must not both run a step.
  db.transaction(() => {
    const applied = schemaVersion(db);
    if (applied > migrations.length) {
      throw new StoreError(`it was written by a newer Peregrine (schema ${applied}, this one knows ${migrations.length})`);
    }
    for (let step = applied; step < migrations.length; step += 1) db.exec(migrations[step] ?? '');
    db.pragma(`user_version = ${migrations.length}`);
  }).immediate();
}

function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
