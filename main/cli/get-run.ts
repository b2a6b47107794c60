import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Checksum } from '../../app/domain/checksum.js';
import type { OnExists } from '../../app/domain/on-exists.js';
import { parseHeaderLine } from '../../app/domain/request-header.js';
import { hasUrlCredentials } from '../../app/domain/secrets.js';
import { DownloadError } from '../engine/download-error.js';
import { parseDownloadUrl } from '../engine/download-url.js';
import { TaskStore } from '../store/task-store.js';
import type { CliIo } from './cli-io.js';
import { exitCodes, UsageError } from './exit-codes.js';
import type { AddInput } from '../../app/contract/inputs.js';
import type { ForegroundFlags } from './foreground-options.js';
import { openQueueDatabase, reporterFor, runInForeground } from './foreground-run.js';
import { getThroughOwner } from './get-through-owner.js';
import { ownerOf } from './owner-commands.js';
import { readUrlList } from './read-url-list.js';
import { recordTasks } from './run-tasks.js';

export interface GetFlags extends ForegroundFlags {
  readonly inputFile?: string;
  readonly dir?: string;
  readonly output?: string;
  readonly checksum?: Checksum;
  readonly header: string[];
  readonly onExists?: Exclude<OnExists, 'continue'>;
  readonly continue?: boolean;
}

/** `peregrine get`: through the live owner of the database when there is one, else in the foreground; returns the exit code. */
export async function get(args: string[], flags: GetFlags, io: CliIo): Promise<number> {
  const urls = [...args, ...(flags.inputFile !== undefined ? await readUrlList(flags.inputFile, io.stdin) : [])];
  if (urls.length === 0) throw new UsageError('no URL given (pass URLs or -i FILE)');
  const parsed = unique(urls.map((url) => usableUrl(url)));
  if (parsed.length > 1 && flags.output !== undefined) throw new UsageError('-o names one file; it cannot be used with several URLs');
  if (parsed.length > 1 && flags.checksum !== undefined) throw new UsageError('--checksum describes one file; it cannot be used with several URLs');
  if (flags.continue === true && flags.onExists !== undefined) throw new UsageError('--continue and --on-exists cannot be used together');
  const onExists: OnExists = flags.continue === true ? 'continue' : (flags.onExists ?? 'rename');
  const headers = headerRecord(flags.header);
  if (headers['authorization'] !== undefined && parsed.some(hasUrlCredentials)) {
    // Either would be sent as Authorization: neither may silently replace the other.
    throw new UsageError('a URL carries user:password@ and --header Authorization is given too; use one of them');
  }
  const dir = path.resolve(io.cwd, flags.dir ?? '.');
  const failure = await writableFolderProblem(dir);
  if (failure !== undefined) {
    io.stderr.write(`peregrine: ${failure}\n`);
    return exitCodes.failed;
  }
  const owner = await ownerOf(flags.db, io);
  if (owner !== undefined) {
    const input: AddInput = {
      urls: parsed,
      dir,
      connections: flags.connections,
      ...(flags.output !== undefined ? { fileName: flags.output } : {}),
      ...(flags.checksum !== undefined ? { checksum: `${flags.checksum.algorithm}=${flags.checksum.hex}` } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      onExists,
    };
    return getThroughOwner(owner, input, reporterFor(flags, io), io);
  }
  const db = openQueueDatabase(flags.db, io);
  try {
    const ids = recordTasks({ urls: parsed, dir, fileName: flags.output, checksum: flags.checksum, headers, onExists }, new TaskStore(db));
    return await runInForeground(db, ids, flags, io);
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
