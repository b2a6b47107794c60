import type { Command } from 'commander';
import type { Checksum } from '../../app/domain/checksum.js';
import { defaultSettings, maxConnectionsPerTask } from '../../app/domain/default-settings.js';
import { byteRate, connectionCount, nonNegativeInteger, positiveInteger, positiveNumber } from './option-parsers.js';

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
    .option('--limit <rate>', 'total speed limit, e.g. 500K or 2M per second (0: none); through a running app or serve, each download\'s own limit', byteRate, 0)
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .option('--json', 'print one JSON event per line instead of progress bars')
    .option('-q, --quiet', 'print only errors');
}
