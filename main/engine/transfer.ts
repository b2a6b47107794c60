import type { FileHandle } from 'node:fs/promises';
import { pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyReader } from './body-reader.js';
import { continueExisting } from './continue-existing.js';
import { DownloadError, toDownloadError } from './download-error.js';
import { fileNameFromContentDisposition } from './content-disposition.js';
import { fallbackFileName, fileNameFromUrl, isCompressedFileName, sanitizeFileName } from './file-name.js';
import { finalizePartFile } from './finalize-part-file.js';
import { isDowngrade, requestFollowingRedirects } from './follow-redirects.js';
import { hashFile } from './hash-file.js';
import type { HttpResponse } from './http-client.js';
import { statWithFolderDevice, whyNotOurs } from './owned-file.js';
import { PartFile } from './part-file.js';
import { partPathInside, pathInside } from './part-path.js';
import { reopenPartFile, reservePartFile, type Reopened } from './reserve-part-file.js';
import { contentEncoding, headerValue, ifRangeValue, isEncoded, planResponse, validatorFrom, type ResponsePlan } from './response-plan.js';
import { canSplit, durableBytesOf, durablePrefix, initialSegments, segmentsCover } from './segment-plan.js';
import { receiveSegments, type SegmentsOutcome } from './segmented-transfer.js';
import type { TransferJob, TransferResult } from './transfer-job.js';

type WritePlan = Extract<ResponsePlan, { kind: 'write' }>;

/**
 * One attempt at getting the file: resume what is durable, request the rest,
 * stream it into `<name>.part`, then verify and give it its final name.
 * Throws a DownloadError; the state then says what can be resumed.
 */
export async function transferOnce(job: TransferJob): Promise<TransferResult> {
  const { state, deps } = job;
  const reopened = await reopenPartial(job);
  if (reopened.kind === 'finished') return await finish(job, { partGone: true });
  let handle = reopened.kind === 'reopened' ? reopened.handle : undefined;
  if (handle === undefined && (await finishedEarlier(job))) return await finish(job, { partGone: true });
  try {
    if (handle === undefined && state.fileName === undefined && job.request.onExists === 'continue') {
      const existing = await continueExisting(job, (from) => requestRange(job, from, false, { overlap: true }));
      if (existing.kind === 'complete') return await alreadyThere(job);
      if (existing.kind === 'adopted') handle = existing.handle;
      if (existing.kind === 'afresh') handle = await reserveName(job, existing.fileName);
    }
    // Cleared once the server shows it does not serve ranges reliably: the rest of the attempt uses one connection.
    let splittable = (job.connections ?? 1) > 1;
    if (handle !== undefined && state.segments !== undefined) {
      const outcome = await resumeSegments(job, handle);
      if (outcome === 'complete') {
        await handle.close();
        handle = undefined;
        return await finish(job);
      }
      if (outcome === 'changed') await forgetFile(job, handle);
      else splittable = false;
    }
    let start = 0;
    if (handle !== undefined && state.validator !== undefined) {
      start = Math.min((await handle.stat()).size, state.durableBytes);
    }
    // A file that changes while it is fetched is started again once in ranges, then over one connection.
    for (let restarts = 0; ; ) {
      const probing = start === 0 && splittable;
      const response = await requestRange(job, start, probing);
      let plan: ResponsePlan;
      try {
        // From byte 0 nothing on disk is kept, so the answer need not describe the file we had.
        plan = planResponse(start, start > 0 ? state : {}, response.status, response.headers, deps.clock.now());
      } catch (error) {
        response.discard();
        if (probing && unusableProbeAnswer(error)) {
          // `bytes=0-` got something no single range can be read from (multipart/byteranges, say): ask plainly, at once.
          splittable = false;
          continue;
        }
        throw error;
      }
      if (plan.kind === 'empty') {
        response.discard();
        const claimed = handle ?? (await claimName(job, response));
        if (claimed === 'exists') return await alreadyThere(job);
        handle = claimed;
        await startEmpty(job, handle);
        await handle.close();
        handle = undefined;
        return await finish(job);
      }
      if (plan.kind === 'restart') {
        response.discard();
        restarts += 1;
        if (restarts > 2) throw new DownloadError('bad_range_response', plan.reason);
        if (plan.changed && handle !== undefined) await forgetFile(job, handle);
        start = 0;
        continue;
      }
      if (plan.kind === 'complete') {
        response.discard();
        if (handle === undefined) throw new DownloadError('file_error', 'the partial file disappeared');
        await handle.close();
        handle = undefined;
        return await finish(job);
      }
      const claimed = handle ?? (await claimName(job, response));
      if (claimed === 'exists') {
        response.discard();
        return await alreadyThere(job);
      }
      handle = claimed;
      if (splittable && canReceiveInSegments(response, plan)) {
        // A server may answer `bytes=0-` with less than the whole file: the first connection asks for the rest itself.
        const outcome = await startSegments(job, handle, response, plan.total, plan.bodyLength ?? plan.total);
        if (outcome === 'complete') {
          await handle.close();
          handle = undefined;
          return await finish(job);
        }
        if (outcome === 'changed') {
          restarts += 1;
          await forgetFile(job, handle);
          start = 0;
          splittable = restarts < 2;
          continue;
        }
        splittable = false;
        start = state.durableBytes;
        continue;
      }
      const owned = handle;
      handle = undefined;
      await receive(job, response, plan, owned);
      return await finish(job);
    }
  } catch (error) {
    throw job.signal.aborted ? new DownloadError('canceled') : toDownloadError(error);
  } finally {
    await handle?.close();
  }
}

/**
 * The partial file of an earlier attempt, if it is still ours. One that is not
 * (a link planted in its place, another user's file) is left alone, and the
 * download starts afresh under a new name.
 */
async function reopenPartial(job: TransferJob): Promise<Reopened> {
  const { request, state, deps, observer } = job;
  if (state.fileName === undefined) return { kind: 'gone' };
  const reopened = await reopenPartFile(deps.fs, request.dir, state.fileName, state.durableBytes);
  if (reopened.kind === 'not_ours') {
    state.fileName = undefined;
    state.totalBytes = undefined;
    state.validator = undefined;
    state.segments = undefined;
    state.durableBytes = 0;
    observer.onCheckpoint?.(state);
  }
  return reopened;
}

/**
 * The first request asks for `bytes=0-` when the file may be split: a 206
 * with the whole size proves the server serves ranges, at no extra round trip.
 * `overlap` asks from `start` without If-Range, to compare bytes of a file we did not download.
 */
async function requestRange(job: TransferJob, start: number, probeRanges: boolean, options: { overlap?: boolean } = {}): Promise<HttpResponse> {
  const { state } = job;
  const headers: Record<string, string> = { ...job.request.headers, 'accept-encoding': 'identity' };
  if (options.overlap === true) {
    headers['range'] = `bytes=${start}-`;
  } else if (start > 0 && state.validator !== undefined) {
    headers['range'] = `bytes=${start}-`;
    headers['if-range'] = ifRangeValue(state.validator) ?? '';
  } else if (probeRanges) {
    headers['range'] = 'bytes=0-';
  }
  const followed = await requestFollowingRedirects(job.deps.http, {
    url: state.url,
    userUrl: job.request.url,
    headers,
    signal: job.signal,
    connectTimeoutMs: job.limits.connectTimeoutMs,
  });
  if (followed.permanentUrl !== undefined) state.url = followed.permanentUrl;
  if (isDowngrade(job.request.url, followed.url)) job.observer.onWarning?.(`downloaded over plain http (${followed.url}), not https as asked`);
  requestUrls.set(followed.response, followed.url);
  return followed.response;
}

function unusableProbeAnswer(error: unknown): boolean {
  return error instanceof DownloadError && (error.code === 'bad_range_response' || error.status === 416);
}

/** An empty file has no body to stream: the `.part` is made empty and recorded as the whole file. */
async function startEmpty(job: TransferJob, handle: FileHandle): Promise<void> {
  const { state, observer } = job;
  await handle.truncate(0);
  state.validator = undefined;
  state.totalBytes = 0;
  state.segments = undefined;
  state.durableBytes = 0;
  observer.onCheckpoint?.(state);
  observer.onStart?.({ fileName: state.fileName ?? fallbackFileName, totalBytes: 0, startBytes: 0 });
}

/** Ranges are only trusted from a server that answered one, for a file of known size it can identify. */
function canReceiveInSegments(response: HttpResponse, plan: ResponsePlan): plan is WritePlan & { total: number } {
  return (
    response.status === 206 &&
    plan.kind === 'write' &&
    plan.start === 0 &&
    plan.total !== undefined &&
    canSplit(plan.total) &&
    !isEncoded(response.headers) &&
    validatorFrom(response.headers) !== undefined
  );
}

async function startSegments(job: TransferJob, handle: FileHandle, response: HttpResponse, total: number, bodyLength: number): Promise<SegmentsOutcome> {
  const { state, observer } = job;
  const segments = initialSegments(total, job.connections ?? 1);
  try {
    await truncateTo(handle, 0);
    state.validator = validatorFrom(response.headers);
    state.totalBytes = total;
    state.segments = segments;
    state.durableBytes = 0;
    observer.onCheckpoint?.(state);
    await checkFreeSpace(job, total);
    observer.onStart?.({ fileName: state.fileName ?? fallbackFileName, totalBytes: total, startBytes: 0 });
  } catch (error) {
    response.discard();
    throw error;
  }
  return settleSegments(job, await receiveSegments({ job, handle, segments, firstBody: { response, bodyLength } }));
}

/** Carries on a segmented download from its stored ranges, trusting no range past the file's end. */
async function resumeSegments(job: TransferJob, handle: FileHandle): Promise<SegmentsOutcome> {
  const { state, observer } = job;
  const total = state.totalBytes;
  const stored = state.segments ?? [];
  if (state.validator === undefined || total === undefined || !segmentsCover(stored, total)) {
    state.segments = undefined;
    state.durableBytes = 0;
    return 'fallback';
  }
  const size = (await handle.stat()).size;
  const segments = stored.map((segment) => ({ ...segment, durableEnd: Math.max(segment.start, Math.min(segment.durableEnd, size)) }));
  const startBytes = durableBytesOf(segments);
  await checkFreeSpace(job, total - startBytes);
  observer.onStart?.({ fileName: state.fileName ?? fallbackFileName, totalBytes: total, startBytes });
  return settleSegments(job, await receiveSegments({ job, handle, segments }));
}

/**
 * The server now has another version of the file: every byte and range of
 * the old one goes, and the change is recorded at once, so no later attempt
 * resumes the old bytes under the new validator.
 */
async function forgetFile(job: TransferJob, handle: FileHandle): Promise<void> {
  const { state, observer } = job;
  await handle.truncate(0);
  state.validator = undefined;
  state.totalBytes = undefined;
  state.segments = undefined;
  state.durableBytes = 0;
  observer.onCheckpoint?.(state);
}

/** After a fallback only the gapless start of the file is kept: one connection resumes from there. */
function settleSegments(job: TransferJob, outcome: SegmentsOutcome): SegmentsOutcome {
  if (outcome === 'fallback') {
    job.state.durableBytes = durablePrefix(job.state.segments ?? []);
    job.state.segments = undefined;
  }
  return outcome;
}

async function checkFreeSpace(job: TransferJob, needed: number): Promise<void> {
  const { fs, clock } = job.deps;
  const dir = job.request.dir;
  const now = clock.now();
  let byDir = freeSpaceReadings.get(fs);
  if (byDir === undefined) {
    byDir = new Map();
    freeSpaceReadings.set(fs, byDir);
  }
  // Many small files starting together: one recent reading, less what was promised since, answers
  // for all of them while it leaves plenty; the disk is asked again when it is old or runs short.
  const reading = byDir.get(dir);
  if (reading !== undefined && now - reading.at < freeSpaceReadingMs && reading.free - needed >= freeSpaceReadingMargin) {
    reading.free -= needed;
    return;
  }
  const free = await fs.freeBytes(dir);
  if (needed > free) throw new DownloadError('no_space', `${needed} bytes needed, ${free} free`);
  byDir.set(dir, { free: free - needed, at: now });
}

/** The last free space read per file system and folder, less the bytes downloads starting since then will need. */
const freeSpaceReadings = new WeakMap<object, Map<string, { free: number; at: number }>>();
const freeSpaceReadingMs = 1000;
const freeSpaceReadingMargin = 1 << 30;

/** Partial files this attempt created (exclusively, so empty): nothing to truncate before the first byte. */
const createdEmpty = new WeakSet<FileHandle>();

/** Cuts the file to `length`; the first cut of a file just created empty is skipped (a system call saved per small file). */
async function truncateTo(handle: FileHandle, length: number): Promise<void> {
  const empty = createdEmpty.delete(handle);
  if (length === 0 && empty) return;
  await handle.truncate(length);
}

/** Which URL answered each response, for naming the file after redirects. */
const requestUrls = new WeakMap<HttpResponse, string>();

/** Reserves the download's name; 'exists' when the name is taken and the task's policy is to skip. */
async function claimName(job: TransferJob, response: HttpResponse): Promise<FileHandle | 'exists'> {
  const { request, state, deps } = job;
  const suggested =
    request.fileName ??
    state.fileName ??
    fileNameFromContentDisposition(headerValue(response.headers['content-disposition'])) ??
    fileNameFromUrl(requestUrls.get(response) ?? state.url) ??
    fallbackFileName;
  const wanted = sanitizeFileName(suggested);
  if (request.onExists === 'skip' && (await deps.fs.exists(pathInside(request.dir, wanted)))) {
    state.fileName = wanted;
    return 'exists';
  }
  return reserveName(job, wanted);
}

async function reserveName(job: TransferJob, wanted: string): Promise<FileHandle> {
  const { request, state, deps } = job;
  const reserved = await reservePartFile(deps.fs, request.dir, wanted, { nowMs: deps.clock.now(), replaceFinal: replacesExisting(job) });
  state.fileName = reserved.fileName;
  createdEmpty.add(reserved.handle);
  return reserved.handle;
}

/** Overwrite, and continue when the old file could not be continued: the finished file replaces it. */
function replacesExisting(job: TransferJob): boolean {
  return job.request.onExists === 'overwrite' || job.request.onExists === 'continue';
}

async function receive(job: TransferJob, response: HttpResponse, plan: WritePlan, handle: FileHandle): Promise<void> {
  const { state, observer } = job;
  const fileName = state.fileName ?? fallbackFileName;
  const decoder = decoderFor(contentEncoding(response.headers), fileName);
  let part: PartFile | undefined;
  try {
    await truncateTo(handle, plan.start);
    // A decoded body has no byte offsets to resume from: such a partial file is restarted.
    // A resumed file keeps the validator its first bytes came with (the answer was checked against it).
    state.validator = decoder !== undefined ? undefined : plan.start > 0 ? state.validator : validatorFrom(response.headers);
    state.totalBytes = decoder === undefined ? plan.total : undefined;
    state.durableBytes = plan.start;
    state.segments = undefined;
    observer.onCheckpoint?.(state);
    // Told together with the checkpoint: listeners see the new name and the start as one change.
    observer.onStart?.({ fileName, totalBytes: state.totalBytes, startBytes: plan.start });
    if (plan.total !== undefined && decoder === undefined) await checkFreeSpace(job, plan.total - plan.start);
    part = new PartFile(handle, plan.start);
    await streamBody(job, response, plan, part, decoder);
  } catch (error) {
    response.discard();
    if (part === undefined) {
      await handle.close();
      throw error;
    }
    const durable = await part.closeAfterFailure();
    state.durableBytes = decoder === undefined ? durable : 0;
    // A decoded body cannot be resumed by range: its partial file is only ever in the way (and may be huge).
    if (decoder !== undefined) await job.deps.fs.unlink(partPathInside(job.request.dir, fileName)).catch(() => undefined);
    observer.onCheckpoint?.(state);
    throw error;
  }
  state.durableBytes = await part.close();
  observer.onCheckpoint?.(state);
}

async function streamBody(
  job: TransferJob,
  response: HttpResponse,
  plan: WritePlan,
  part: PartFile,
  decoder: Transform | undefined,
): Promise<void> {
  const { state, deps, limits, observer } = job;
  let position = plan.start;
  let lastCheckpoint = deps.clock.now();
  /** A background fsync that failed: the disk is in trouble, and nothing more can be called durable. */
  let syncFailure: Error | undefined;
  const checkpoint = async (): Promise<void> => {
    await part.flush();
    part.sync().then(
      (durable) => {
        if (decoder !== undefined) return;
        state.durableBytes = durable;
        observer.onCheckpoint?.(state);
      },
      (error: unknown) => {
        syncFailure = error instanceof Error ? error : new Error(String(error));
      },
    );
  };
  let uncheckedBytes = 0;
  const take = (chunk: Buffer, now: number): Promise<void> | undefined => {
    if (syncFailure !== undefined) throw syncFailure;
    let wait = part.write(chunk);
    position += chunk.length;
    if (decoder !== undefined) {
      uncheckedBytes += chunk.length;
      if (uncheckedBytes >= freeSpaceCheckBytes) {
        uncheckedBytes = 0;
        wait = wait === undefined ? guardFreeSpace(job) : wait.then(() => guardFreeSpace(job));
      }
    }
    observer.onProgress?.(position);
    if (now - lastCheckpoint >= limits.checkpointIntervalMs && !part.syncInProgress) {
      lastCheckpoint = now;
      // After the write it may be waiting for: one writer call at a time.
      wait = wait === undefined ? checkpoint() : wait.then(checkpoint);
    }
    return wait;
  };
  // With a decoder, pipeline() destroys both streams when either fails, and the decoder's error reaches the reader.
  const decoded = decoder === undefined ? undefined : pipeline(response.body, decoder, () => undefined);
  const reader = new BodyReader(
    { body: response.body, decoded, bodyLength: plan.bodyLength },
    { idleTimeoutMs: limits.idleTimeoutMs, limiters: job.limiters, clock: deps.clock, signal: job.signal, take },
  );
  await reader.read();
  if (state.totalBytes !== undefined && position !== state.totalBytes) {
    throw new DownloadError('body_incomplete', `have ${position} of ${state.totalBytes} bytes`);
  }
}

/**
 * A decoded body has no announced size to check against the free space
 * first, and a few kilobytes of gzip can expand to gigabytes: its free space
 * is checked as it grows, and it stops while the disk still has room.
 */
const freeSpaceCheckBytes = 4 << 20;
const freeSpaceMarginBytes = 16 << 20;

async function guardFreeSpace(job: TransferJob): Promise<void> {
  const free = await job.deps.fs.freeBytes(job.request.dir);
  if (free < freeSpaceMarginBytes) {
    throw new DownloadError('no_space', `the decoded file kept growing; stopped with ${free} bytes free`);
  }
}

function decoderFor(encoding: string | undefined, fileName: string): Transform | undefined {
  // A .gz file served with Content-Encoding: gzip is a misconfigured server; the user wants the .gz.
  if (encoding === undefined || encoding === 'identity' || isCompressedFileName(fileName)) return undefined;
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      // Unknown encodings are kept as sent rather than guessed at.
      return undefined;
  }
}

/**
 * True when an earlier attempt was killed between giving the file its final
 * name and recording that: every byte was durable, the .part is gone, and the
 * final file has exactly the announced size.
 */
async function finishedEarlier({ request, state, deps }: TransferJob): Promise<boolean> {
  if (state.fileName === undefined || state.totalBytes === undefined || state.durableBytes !== state.totalBytes) return false;
  try {
    const final = await deps.fs.stat(pathInside(request.dir, state.fileName));
    return final.isFile() && final.size === state.totalBytes;
  } catch {
    return false;
  }
}

async function finish(job: TransferJob, options: { partGone?: boolean } = {}): Promise<TransferResult> {
  const { request, state, deps, observer } = job;
  // Every range is durable: the whole file is now the prefix, and the ranges need not be kept.
  state.segments = undefined;
  const fileName = state.fileName;
  if (fileName === undefined) throw new DownloadError('file_error', 'no file name was reserved');
  if (options.partGone) return verifyFinished(job, fileName);
  const partPath = partPathInside(request.dir, fileName);
  const { stats: part, device } = await statWithFolderDevice(deps.fs, request.dir, partPath, deps.clock.now());
  // Swapped for a link since it was opened: never give a link, or another file's name, the final name.
  const notOurs = whyNotOurs(part, device);
  if (notOurs !== undefined) throw new DownloadError('file_error', `${partPath} was replaced while downloading: ${notOurs}`);
  const bytes = part.size;
  if (state.totalBytes !== undefined && bytes !== state.totalBytes) {
    throw new DownloadError('body_incomplete', `have ${bytes} of ${state.totalBytes} bytes`);
  }
  if (request.checksum !== undefined) {
    const actual = await hashFile(deps.fs, partPath, request.checksum.algorithm);
    if (actual !== request.checksum.hex) {
      // Resuming would only reproduce the same wrong bytes.
      await deps.fs.unlink(partPath);
      state.durableBytes = 0;
      state.validator = undefined;
      observer.onCheckpoint?.(state);
      throw new DownloadError('checksum_mismatch', `expected ${request.checksum.algorithm} ${request.checksum.hex}, got ${actual}`);
    }
  }
  const finalName = await finalizePartFile(deps.fs, request.dir, fileName, { nowMs: deps.clock.now(), replace: replacesExisting(job) });
  state.fileName = finalName;
  return { fileName: finalName, filePath: pathInside(request.dir, finalName), bytes };
}

/** Nothing downloaded: the file under the name was already there (skip, or continue of a whole file), and stays untouched. */
async function alreadyThere(job: TransferJob): Promise<TransferResult> {
  const { state, observer } = job;
  if (state.fileName === undefined) throw new DownloadError('file_error', 'no file name was chosen');
  const result = await verifyFinished(job, state.fileName);
  state.totalBytes = result.bytes;
  state.durableBytes = result.bytes;
  observer.onCheckpoint?.(state);
  return { ...result, reason: 'already_exists' };
}

/** Re-checks a file finished by an earlier attempt: its checksum, when one was given, must still match. */
async function verifyFinished({ request, deps }: TransferJob, fileName: string): Promise<TransferResult> {
  const filePath = pathInside(request.dir, fileName);
  if (request.checksum !== undefined) {
    const actual = await hashFile(deps.fs, filePath, request.checksum.algorithm);
    if (actual !== request.checksum.hex) {
      throw new DownloadError('checksum_mismatch', `expected ${request.checksum.algorithm} ${request.checksum.hex}, got ${actual}`);
    }
  }
  return { fileName, filePath, bytes: (await deps.fs.stat(filePath)).size };
}
