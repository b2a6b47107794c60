import type Database from 'better-sqlite3';
import { ContractError } from '../../app/contract/errors.js';
import { systemClock } from '../engine/clock.js';
import { nodeFileSystem } from '../engine/file-system.js';
import type { HttpClient } from '../engine/http-client.js';
import { limitsWithTimeout } from '../engine/transfer-job.js';
import { assumeOnline } from '../queue/network-monitor.js';
import { defaultQueueSettings, type QueueSettings } from '../queue/queue-settings.js';
import { openDatabase, StoreError } from '../store/open-database.js';
import { PeregrineService, type ServiceDeps } from './service.js';

/** How a CLI run downloads: its flags, which outrank the user's settings for that run. */
export interface RunTuning {
  /** Files at once (and at once per host). */
  readonly concurrent: number;
  /** Connections per file. */
  readonly connections: number;
  readonly retries: number;
  /** Total bytes per second; 0 means none. */
  readonly speedLimit: number;
  /** Both the headers and the body-silence timeout; absent keeps the settings' own. */
  readonly timeoutMs?: number | undefined;
}

export interface HeadlessServiceOptions {
  readonly databaseFile: string;
  /** The per-user database: its folder is made private (0700). */
  readonly privateFolder: boolean;
  readonly defaultDir: string;
  readonly hostKind: 'serve' | 'cli';
  readonly log: ServiceDeps['log'];
  /** Runs only what is added, resumed or retried through it (a CLI command). */
  readonly scoped?: boolean | undefined;
  readonly tuning?: RunTuning | undefined;
}

export interface HeadlessService {
  readonly service: PeregrineService;
  /** The database file, as SQLite names it. */
  readonly databaseFile: string;
  /**
   * Runs `work` holding the database's write lock, which every process on the
   * database respects: two processes deciding which of them owns it never
   * both win. Keep `work` short, it blocks every writer meanwhile.
   */
  readonly exclusively: <T>(work: () => Promise<T>) => Promise<T>;
  close(): void;
}

/**
 * The service outside Electron (`peregrine serve`, the CLI): the real network,
 * disk and clock, on the database file given. A database that cannot be
 * opened is a contract error the host can print, never a stack.
 */
export function openHeadlessService(options: HeadlessServiceOptions): HeadlessService {
  let db: Database.Database;
  try {
    db = openDatabase(options.databaseFile, { privateFolder: options.privateFolder });
  } catch (error) {
    if (error instanceof StoreError) throw new ContractError('store_failed', error.message);
    throw error;
  }
  const service = new PeregrineService({
    db,
    http: lazyHttpClient(),
    fs: nodeFileSystem,
    clock: systemClock,
    network: assumeOnline,
    random: Math.random,
    defaultDir: options.defaultDir,
    log: options.log,
    hostKind: options.hostKind,
    scoped: options.scoped,
    queueOverrides: options.tuning !== undefined ? overridesFor(options.tuning) : undefined,
  });
  return {
    service,
    databaseFile: db.name,
    exclusively: (work) => holdingWriteLock(db, work),
    close: () => db.close(),
  };
}

function overridesFor(tuning: RunTuning): Partial<QueueSettings> {
  return {
    maxConcurrent: tuning.concurrent,
    maxPerHost: tuning.concurrent,
    retries: tuning.retries,
    speedLimit: tuning.speedLimit,
    connections: tuning.connections,
    // The user asked for this many per file: the host cap must not quietly undo it.
    maxConnectionsPerHost: Math.max(defaultQueueSettings.maxConnectionsPerHost, tuning.connections),
    ...(tuning.timeoutMs !== undefined ? { limits: limitsWithTimeout(tuning.timeoutMs) } : {}),
  };
}

/**
 * got loads on the first request: a command that only lists or pauses (most
 * CLI runs) starts without it, and `serve` answers its first page sooner.
 */
function lazyHttpClient(): HttpClient {
  let client: Promise<HttpClient> | undefined;
  return {
    request: async (request) => {
      client ??= import('../engine/got-http-client.js').then((module) => module.createGotHttpClient());
      return (await client).request(request);
    },
  };
}

/**
 * Runs `work` holding the database's write lock, which every Peregrine process
 * on that file respects: two processes deciding which of them owns it never
 * both win. Keep `work` short, it blocks every writer meanwhile.
 */
export async function holdingWriteLock<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    return await work();
  } finally {
    db.exec('COMMIT');
  }
}
