import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseChecksum, type Checksum } from '../../app/domain/checksum.js';
import { parseHeaderLine } from '../../app/domain/request-header.js';
import { systemClock } from '../engine/clock.js';
import { DownloadError } from '../engine/download-error.js';
import { parseDownloadUrl } from '../engine/download-url.js';
import { nodeFileSystem } from '../engine/file-system.js';
import { createGotHttpClient } from '../engine/got-http-client.js';
import { defaultDatabasePath } from '../store/default-database-path.js';
import { openDatabase } from '../store/open-database.js';
import { GroupStore } from '../store/group-store.js';
import { TaskStore } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, UsageError } from './exit-codes.js';
import { createJsonReporter } from './json-reporter.js';
import { readUrlList } from './read-url-list.js';
import { runGet } from './run-get.js';
import { createTerminalReporter } from './terminal-reporter.js';

interface GetFlags {
  readonly inputFile?: string;
  readonly dir?: string;
  readonly output?: string;
  readonly concurrent: number;
  readonly checksum?: Checksum;
  readonly header: string[];
  readonly retries: number;
  readonly timeout: number;
  readonly db?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export function addGetCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('get')
    .description('download files, resuming what an earlier run left unfinished')
    .argument('[urls...]', 'http(s) addresses to download')
    .option('-i, --input-file <file>', 'read URLs from a file, one per line ("-" for stdin)')
    .option('-d, --dir <dir>', 'folder to save into (default: the current folder)')
    .option('-o, --output <name>', 'file name to save as (one URL only)')
    .option('-j, --concurrent <n>', 'files downloaded at once', positiveInteger, 3)
    .option('--checksum <algo=hex>', 'verify the file: sha256=…, sha1=… or md5=… (one URL only)', checksumArgument)
    .option('--header <"Name: value">', 'send this request header (repeatable)', collect, [])
    .option('--retries <n>', 'retries after a retryable failure', nonNegativeInteger, 5)
    .option('--timeout <seconds>', 'give up on a connection that is silent this long', positiveNumber, 60)
    .option('--db <path>', 'the queue database (default: the per-user Peregrine database)')
    .option('--json', 'print one JSON event per line instead of progress bars')
    .option('-q, --quiet', 'print only errors')
    .action(async (urls: string[], flags: GetFlags) => {
      setExitCode(await get(urls, flags, io));
    });
}

async function get(args: string[], flags: GetFlags, io: CliIo): Promise<number> {
  const urls = [...args, ...(flags.inputFile !== undefined ? await readUrlList(flags.inputFile, io.stdin) : [])];
  if (urls.length === 0) throw new UsageError('no URL given (pass URLs or -i FILE)');
  const parsed = unique(urls.map((url) => usableUrl(url)));
  if (parsed.length > 1 && flags.output !== undefined) throw new UsageError('-o names one file; it cannot be used with several URLs');
  if (parsed.length > 1 && flags.checksum !== undefined) throw new UsageError('--checksum describes one file; it cannot be used with several URLs');
  const headers = headerRecord(flags.header);
  const dir = path.resolve(io.cwd, flags.dir ?? '.');
  const failure = await writableFolderProblem(dir);
  if (failure !== undefined) {
    io.stderr.write(`peregrine: ${failure}\n`);
    return exitCodes.failed;
  }
  const db = openDatabase(flags.db !== undefined ? path.resolve(io.cwd, flags.db) : defaultDatabasePath(io.env));
  const write = (line: string): void => void io.stdout.write(line);
  const reporter = flags.json
    ? createJsonReporter(write)
    : createTerminalReporter({ out: write, err: (line) => void io.stderr.write(line), stderr: io.stderr, quiet: flags.quiet === true });
  try {
    return await runGet(
    {
      urls: parsed,
      dir,
      fileName: flags.output,
      concurrent: flags.concurrent,
      checksum: flags.checksum,
      headers,
      retries: flags.retries,
      timeoutMs: flags.timeout * 1000,
    },
    { tasks: new TaskStore(db), groups: new GroupStore(db), http: createGotHttpClient(), fs: nodeFileSystem, clock: systemClock, reporter, signal: io.signal },
  );
  } finally {
    db.close();
  }
}

function usableUrl(text: string): string {
  try {
    return parseDownloadUrl(text).href;
  } catch (error) {
    throw new UsageError(error instanceof DownloadError ? error.message : String(error));
  }
}

async function writableFolderProblem(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return `cannot write to the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}

function headerRecord(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const header = parseHeaderLine(line);
    if (!header.ok) throw new UsageError(`--header ${header.error}`);
    headers[header.name] = header.value;
  }
  return headers;
}

function unique(urls: string[]): string[] {
  return [...new Set(urls)];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return number;
}

function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number of at least 0');
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number above 0');
  return number;
}

function checksumArgument(value: string): Checksum {
  const checksum = parseChecksum(value);
  if (checksum === undefined) throw new InvalidArgumentError('expected sha256=<64 hex>, sha1=<40 hex> or md5=<32 hex>');
  return checksum;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
