import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DownloadError } from './download-error.js';
import { fallbackFileName, fileNameFromUrl, sanitizeFileName } from './file-name.js';
import type { EntryStats } from './file-system.js';
import { syncFolder } from './folder-sync.js';
import type { HttpResponse } from './http-client.js';
import { IdleWatchdog } from './idle-watchdog.js';
import { folderDevice, whyNotOurs } from './owned-file.js';
import { partPathInside, pathInside } from './part-path.js';
import { parseContentRange, planResponse, validatorFrom } from './response-plan.js';
import type { TransferJob } from './transfer-job.js';
import type { Validator } from './transfer-state.js';

/** How much of the file's end is compared with the server's bytes before anything is appended. */
export const overlapBytes = 64 * 1024;

export type ContinueOutcome =
  /** No file of ours to continue (none, or not a regular file of this user): the usual way, replacing at the end. */
  | { readonly kind: 'none' }
  /** The file is already whole and left untouched; `state` names it. */
  | { readonly kind: 'complete' }
  /** The file is now the partial download (`state` says so): resume it from its end. */
  | { readonly kind: 'adopted'; readonly handle: FileHandle }
  /** Another file, or a server without ranges: download anew under this name, replacing the old file only at the end. */
  | { readonly kind: 'afresh'; readonly fileName: string };

type Verdict =
  | { readonly kind: 'matches'; readonly total: number; readonly validator: Validator }
  | { readonly kind: 'complete' }
  | { readonly kind: 'different' };

/** File systems without hard links (FAT, some network shares) answer with these. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * `continue`: takes a file already under the download's name (from another
 * tool, or a browser) as the partial download. Nothing says it is the same
 * file, so its last bytes are compared with the server's: only on a match is
 * the rest appended. The name is the one the user gave, else the URL's, as
 * wget -c does; the file is opened without following links.
 */
export async function continueExisting(job: TransferJob, ask: (from: number) => Promise<HttpResponse>): Promise<ContinueOutcome> {
  const { request, state, deps } = job;
  const fileName = sanitizeFileName(request.fileName ?? fileNameFromUrl(state.url) ?? fallbackFileName);
  let handle: FileHandle;
  try {
    handle = await deps.fs.open(pathInside(request.dir, fileName), 'r+');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // Missing, a link (ELOOP, EMLINK), a folder, or not ours to write: nothing to continue.
    if (['ENOENT', 'ELOOP', 'EMLINK', 'EISDIR', 'EACCES', 'EPERM'].includes(code)) return { kind: 'none' };
    throw error;
  }
  let adopted = false;
  try {
    const stats = await handle.stat();
    if (whyNotOurs(stats, await folderDevice(deps.fs, request.dir)) !== undefined) return { kind: 'none' };
    const from = Math.max(0, stats.size - overlapBytes);
    const tail = Buffer.alloc(stats.size - from);
    if (tail.length > 0) await handle.read(tail, 0, tail.length, from);
    const verdict = await compareOverlap(job, await ask(from), from, stats.size, tail);
    if (verdict.kind === 'different') return { kind: 'afresh', fileName };
    if (verdict.kind === 'complete') {
      record(job, fileName, stats.size, stats.size, undefined);
      return { kind: 'complete' };
    }
    // What was on disk becomes progress: it must be durable before it is recorded as such.
    await handle.sync();
    // Recorded first: a crash before the move leaves the old file in place, never a .part no task knows.
    record(job, fileName, stats.size, verdict.total, verdict.validator);
    if (!(await moveToPart(job, fileName, stats))) {
      record(job, undefined, 0, undefined, undefined);
      return { kind: 'afresh', fileName };
    }
    adopted = true;
    return { kind: 'adopted', handle };
  } finally {
    if (!adopted) await handle.close();
  }
}

/**
 * Reads the first bytes of the answer to `Range: bytes=<from>-` and compares
 * them with the file's tail. Only a 206 for exactly that range, of a file at
 * least as long, that a later resume can name (ETag or Last-Modified), and
 * whose bytes match, lets the file be continued.
 */
async function compareOverlap(job: TransferJob, response: HttpResponse, from: number, size: number, tail: Buffer): Promise<Verdict> {
  try {
    if (response.status === 416) {
      return parseContentRange(response.headers['content-range'])?.total === size ? { kind: 'complete' } : { kind: 'different' };
    }
    if (response.status !== 206) {
      // Errors (404, 503 …) are thrown as for any request; a 200 means the server has no ranges to offer.
      if (response.status !== 200) planResponse(from, {}, response.status, response.headers, job.deps.clock.now());
      return { kind: 'different' };
    }
    const range = parseContentRange(response.headers['content-range']);
    if (range?.start !== from || range.total === undefined || range.total < size) return { kind: 'different' };
    const answered = await readPrefix(response.body, tail.length, job.limits.idleTimeoutMs);
    if (!answered.equals(tail)) return { kind: 'different' };
    if (range.total === size) return { kind: 'complete' };
    const validator = validatorFrom(response.headers);
    // Without a validator the rest could not be asked for safely: start again rather than risk a mixed file.
    return validator === undefined ? { kind: 'different' } : { kind: 'matches', total: range.total, validator };
  } finally {
    response.discard();
  }
}

async function readPrefix(body: Readable, length: number, idleTimeoutMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  const watchdog = new IdleWatchdog(idleTimeoutMs, () => body.destroy(new DownloadError('stalled', `nothing received for ${idleTimeoutMs / 1000} s`)));
  try {
    for await (const chunk of body) {
      watchdog.touch();
      chunks.push(chunk as Buffer);
      received += (chunk as Buffer).length;
      if (received >= length) break;
    }
  } finally {
    watchdog.stop();
  }
  return Buffer.concat(chunks).subarray(0, length);
}

function record(job: TransferJob, fileName: string | undefined, bytes: number, total: number | undefined, validator: Validator | undefined): void {
  const { state, observer } = job;
  state.fileName = fileName;
  state.totalBytes = total;
  state.validator = validator;
  state.segments = undefined;
  state.durableBytes = bytes;
  observer.onCheckpoint?.(state);
}

/**
 * Gives the compared file the `.part` name, by hard link then unlink, so an
 * existing `.part` is never replaced. False when the move cannot be made
 * safely (a `.part` already there, the file swapped meanwhile).
 */
async function moveToPart(job: TransferJob, fileName: string, compared: EntryStats): Promise<boolean> {
  const { fs } = job.deps;
  const finalPath = pathInside(job.request.dir, fileName);
  const part = partPathInside(job.request.dir, fileName);
  try {
    await fs.link(finalPath, part);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!noHardLinks.has(code) || (await fs.exists(part))) throw error;
    await fs.rename(finalPath, part);
    await syncFolder(fs, job.request.dir);
    return true;
  }
  const linked = await fs.stat(part);
  if (linked.dev !== compared.dev || linked.ino !== compared.ino) {
    // The name was given to another file between the comparison and the link: our new link goes, theirs stays.
    await fs.unlink(part);
    return false;
  }
  await fs.unlink(finalPath);
  await syncFolder(fs, job.request.dir);
  return true;
}
