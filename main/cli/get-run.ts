import { access, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { inputLimits, type AddInput } from '../../app/contract/inputs.js';
import type { ContractClient } from '../../app/contract/messages.js';
import type { Checksum } from '../../app/domain/checksum.js';
import type { OnExists } from '../../app/domain/on-exists.js';
import { parseHeaderLine } from '../../app/domain/request-header.js';
import { hasUrlCredentials, maskUrlPasswords } from '../../app/domain/secrets.js';
import { checkDownloadUrl } from '../service/download-urls.js';
import type { CliIo } from './cli-io.js';
import type { Failure } from './download-reporter.js';
import { exitCodes, UsageError } from './exit-codes.js';
import type { ForegroundFlags } from './foreground-options.js';
import { runInForeground, type Asked } from './foreground-run.js';
import { readUrlList } from './read-url-list.js';
import { printable } from './terminal-text.js';

export interface GetFlags extends ForegroundFlags {
  readonly inputFile?: string;
  readonly dir?: string;
  readonly output?: string;
  readonly checksum?: Checksum;
  readonly header: string[];
  readonly onExists?: Exclude<OnExists, 'continue'>;
  readonly continue?: boolean;
}

/**
 * `peregrine get`: asks the service for the downloads (the database's live
 * owner, or the service in this process, which then owns the database while
 * it runs them) and follows them to the end; returns the exit code.
 */
/** Which of the run's settings were given on the command line (not defaults). */
export interface GivenFlags {
  readonly connections: boolean;
  readonly limit: boolean;
}

export async function get(args: string[], flags: GetFlags, given: GivenFlags, io: CliIo): Promise<number> {
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
  const request: Omit<AddInput, 'urls'> = {
    dir,
    ...(flags.output !== undefined ? { fileName: flags.output } : {}),
    ...(flags.checksum !== undefined ? { checksum: `${flags.checksum.algorithm}=${flags.checksum.hex}` } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    onExists,
    // Running the same command again takes up what an earlier run left: resumed, or kept when complete.
    again: true,
  };
  const ask = async (client: ContractClient, where: 'owner' | 'here'): Promise<Asked> => {
    const ids: number[] = [];
    const failures = new Map<number, Failure>();
    let code: number = exitCodes.ok;
    // In this process the run's own -c and --limit apply; an owner's queue keeps them with each download instead.
    const own = {
      ...(where === 'owner' && given.connections ? { connections: flags.connections } : {}),
      ...(where === 'owner' && given.limit && flags.limit > 0 ? { speedLimit: flags.limit } : {}),
    };
    for (let start = 0; start < parsed.length; start += inputLimits.urlsPerCall) {
      const added = await client.call('tasks.add', { ...request, ...own, urls: parsed.slice(start, start + inputLimits.urlsPerCall) });
      ids.push(...added.ids);
      for (const { existingId, problem } of added.duplicates) {
        ids.push(existingId);
        if (problem !== undefined) failures.set(existingId, problem);
      }
      for (const rejection of added.rejected) {
        io.stderr.write(`peregrine: ${printable(maskUrlPasswords(rejection.url))}: ${printable(rejection.message)}\n`);
        code = exitCodes.failed;
      }
    }
    return { ids, failures, code };
  };
  return runInForeground({ ask }, flags, io);
}

function usableUrl(text: string): string {
  if (text.length > inputLimits.urlChars) throw new UsageError(`a URL is longer than ${inputLimits.urlChars} characters: ${text.slice(0, 80)}…`);
  const checked = checkDownloadUrl(text);
  if (!checked.ok) throw new UsageError(checked.message);
  return checked.href;
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
