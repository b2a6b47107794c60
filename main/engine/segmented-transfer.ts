import { setMaxListeners } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { BatchedWriter, defaultBatchBytes } from './batched-writer.js';
import { BodyReader, type ChunkAnswer } from './body-reader.js';
import type { ErrorCode } from '../../app/domain/error-codes.js';
import { DownloadError, toDownloadError } from './download-error.js';
import { DurableSync } from './durable-sync.js';
import { requestFollowingRedirects } from './follow-redirects.js';
import type { HttpResponse } from './http-client.js';
import { ifRangeValue, isEncoded, planResponse } from './response-plan.js';
import { maxConnectionsPerTask } from '../../app/domain/default-settings.js';
import { compactSegments, durableBytesOf, splitPoint, type SegmentState } from './segment-plan.js';
import type { TransferJob } from './transfer-job.js';

/**
 * How a segmented run ended when it did not throw: every range is durable;
 * the server stopped honouring ranges and the rest must come over one
 * connection; or a range answer came from another version of the file, and
 * nothing written so far may be kept.
 */
export type SegmentsOutcome = 'complete' | 'fallback' | 'changed';

/** An answer whose body is the bytes of a range, checked and ready to read. */
export interface RangeBody {
  readonly response: HttpResponse;
  readonly bodyLength: number;
}

export interface SegmentedReceive {
  readonly job: TransferJob;
  /** The `.part` file, shared by every connection; the caller closes it. */
  readonly handle: FileHandle;
  readonly segments: readonly SegmentState[];
  /** The answer that revealed the size, already open on the first range. */
  readonly firstBody?: RangeBody | undefined;
}

/**
 * Receives the ranges of one file over several connections into one `.part`
 * file. When a connection finishes its range and nothing is left unassigned,
 * it takes the second half of the largest range still being received, so no
 * connection idles at the tail. Every request carries If-Range, and an answer
 * that is not exactly the asked range is never written.
 */
export function receiveSegments(input: SegmentedReceive): Promise<SegmentsOutcome> {
  return new SegmentedRun(input).run();
}

/** Memory for write batches is shared out among the connections: many connections, smaller batches. */
const batchBudgetBytes = 2 * defaultBatchBytes;
const minBatchBytes = 128 << 10;

/** A range as it is being received. */
interface LiveSegment {
  readonly start: number;
  /** Shrinks when a free connection takes the second half of what is left. */
  end: number;
  /** Where the next received byte goes. */
  position: number;
  /** Handed to the OS, contiguous from the start (once its writer is done). */
  writtenEnd: number;
  durableEnd: number;
  writer: BatchedWriter | undefined;
  /** The body being read into the range, while there is one. */
  reader: BodyReader | undefined;
  /** A second request for the rest of the range, while the range is silent. */
  race: Race | undefined;
  busy: boolean;
}

function liveSegment(start: number, end: number, durableEnd: number, busy: boolean): LiveSegment {
  return { start, end, position: durableEnd, writtenEnd: durableEnd, durableEnd, writer: undefined, reader: undefined, race: undefined, busy };
}

/**
 * A silent range asked for again on an idle connection, from where it went
 * silent. Whichever answer brings a byte first wins: the range's own, and the
 * second request is closed; or the second's, and the range ends where the
 * second begins (its own connection is closed), the rest becoming a new range.
 * Either way no byte is written by both.
 */
interface Race {
  readonly original: LiveSegment;
  /** The rest of the range, received by the second request if it wins. */
  readonly rest: LiveSegment;
  readonly controller: AbortController;
  winner: 'original' | 'rest' | undefined;
}

/** How often silent ranges are looked for, and how long one must be silent to be asked for again (capped below the idle timeout). */
const raceCheckMs = 500;
const raceAfterMs = 3_000;

/** Dropped connections on the only range left are asked for again at once, this many times in a row, before the attempt fails. */
const maxReconnects = 3;
const reconnectable = new Set<ErrorCode>(['network_failed', 'body_incomplete', 'stalled']);

/** The server answered a range request with bytes that cannot be written at that offset. */
class RangeRefusedError extends Error {
  override readonly name = 'RangeRefusedError';
}

/** A range answer describes another version of the file than the ranges already written. */
class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}

class SegmentedRun {
  private readonly job: TransferJob;
  private readonly segments: LiveSegment[];
  /** Stops every connection of this run: the user's abort, or a failure that ends the attempt. */
  private readonly controller = new AbortController();
  private readonly durability: DurableSync;
  private readonly workers = new Set<Promise<void>>();
  /** Connections allowed now: lowered when the server turns extra ones away. */
  private cap: number;
  private active = 0;
  private failure: DownloadError | undefined;
  private fallback = false;
  private changed = false;
  private finished = false;
  /** Bytes in the file or on their way to it, for progress. */
  private received: number;
  private lastCheckpoint: number;
  /** Bumped at every checkpoint: each connection then writes out its partial batch, so slow ranges get recorded too. */
  private checkpoints = 0;
  private readonly batchBytes: number;

  constructor(private readonly input: SegmentedReceive) {
    this.job = input.job;
    this.segments = input.segments.map((segment) => liveSegment(segment.start, segment.end, segment.durableEnd, false));
    this.cap = Math.max(1, this.job.connections ?? 1);
    this.batchBytes = Math.min(defaultBatchBytes, Math.max(minBatchBytes, Math.floor(batchBudgetBytes / this.cap)));
    // Each open request listens to this signal; up to the connection cap at once is expected, not a leak.
    setMaxListeners(4 * maxConnectionsPerTask, this.controller.signal);
    this.durability = new DurableSync(input.handle);
    this.received = durableBytesOf(input.segments);
    this.lastCheckpoint = this.job.deps.clock.now();
  }

  async run(): Promise<SegmentsOutcome> {
    const stop = (): void => this.controller.abort();
    this.job.signal.addEventListener('abort', stop, { once: true });
    // The user may have paused while the caller was still opening the file: no connection starts then.
    if (this.job.signal.aborted) stop();
    const raceWatch = setInterval(() => {
      try {
        this.raceSilentRange();
      } catch (error) {
        // The host's bookkeeping failed (its database, say): end the run rather than leave it half-managed.
        this.onWorkerFailed(error);
      }
    }, raceCheckMs);
    try {
      const first = this.input.firstBody;
      const firstSegment = this.segments[0];
      if (first !== undefined && firstSegment !== undefined) {
        firstSegment.busy = true;
        this.startWorker(() => this.work(firstSegment, first), false);
      }
      this.spawn();
      // Workers start others as they end; the run is over when none is left.
      while (this.workers.size > 0) await Promise.all([...this.workers]);
    } finally {
      clearInterval(raceWatch);
      this.job.signal.removeEventListener('abort', stop);
    }
    try {
      await this.makeDurable();
    } catch (error) {
      this.failure ??= toDownloadError(error);
    }
    this.finished = true;
    this.checkpoint();
    if (this.job.signal.aborted) throw new DownloadError('canceled');
    if (this.changed) return 'changed';
    if (this.failure !== undefined) throw this.failure;
    if (this.segments.every((segment) => segment.durableEnd === segment.end)) return 'complete';
    if (this.fallback) return 'fallback';
    throw new DownloadError('body_incomplete', 'every connection ended before the file was complete');
  }

  private get stopping(): boolean {
    return this.fallback || this.changed || this.failure !== undefined || this.controller.signal.aborted;
  }

  /** Opens connections while the cap, the host's slots and the work allow. */
  private spawn(): void {
    while (!this.stopping && this.active < this.cap) {
      const extra = this.active > 0;
      if (extra && this.job.connectionSlots?.tryAcquire() === false) return;
      const segment = this.nextWork();
      if (segment === undefined) {
        if (extra) this.job.connectionSlots?.release();
        return;
      }
      this.startWorker(() => this.work(segment, undefined), extra);
    }
  }

  private startWorker(work: () => Promise<void>, extraSlot: boolean): void {
    this.active += 1;
    this.job.observer.onConnections?.(this.active);
    const worker = work().finally(() => {
      this.workers.delete(worker);
      this.active -= 1;
      this.job.observer.onConnections?.(this.active);
      try {
        if (extraSlot) this.job.connectionSlots?.release();
        this.spawn();
      } catch (error) {
        // The host's bookkeeping failed (its database, say): end the run rather than leave it half-managed.
        this.onWorkerFailed(error);
      }
    });
    this.workers.add(worker);
  }

  /** A range nobody is receiving, else the second half of the largest one being received. */
  private nextWork(): LiveSegment | undefined {
    const waiting = this.segments.find((segment) => !segment.busy && segment.position < segment.end);
    if (waiting !== undefined) {
      waiting.busy = true;
      return waiting;
    }
    let largest: LiveSegment | undefined;
    for (const segment of this.segments) {
      // A range being raced keeps its end: the second request asked for all of it.
      if (segment.busy && segment.race === undefined && (largest === undefined || segment.end - segment.position > largest.end - largest.position)) largest = segment;
    }
    if (largest === undefined) return undefined;
    const cut = splitPoint(largest.position, largest.end);
    if (cut === undefined) return undefined;
    const half = liveSegment(cut, largest.end, cut, true);
    largest.end = cut;
    this.segments.splice(this.segments.indexOf(largest) + 1, 0, half);
    return half;
  }

  /** One connection: its range, then whatever work is left, until there is none or it is told to stop. */
  private async work(first: LiveSegment, firstBody: RangeBody | undefined): Promise<void> {
    let segment: LiveSegment | undefined = first;
    let body = firstBody;
    let reconnects = 0;
    try {
      while (segment !== undefined) {
        while (segment.position < segment.end) {
          const from = segment.position;
          try {
            const current: RangeBody = body ?? (await this.request(segment, this.controller.signal));
            body = undefined;
            await this.receive(segment, current, undefined);
          } catch (error) {
            body?.response.discard();
            body = undefined;
            if (segment.position > from) reconnects = 0;
            if (!this.mayReconnect(error, reconnects)) throw error;
            reconnects += 1;
          }
        }
        segment.busy = false;
        segment = this.stopping || this.active > this.cap ? undefined : this.nextWork();
      }
    } catch (error) {
      if (segment !== undefined) segment.busy = false;
      this.onWorkerFailed(error);
    }
  }

  /**
   * The only connection left lost its range to a dropped or silent
   * connection: asking for the rest again at once beats ending the attempt
   * and waiting out a retry delay. A few times in a row at most.
   */
  private mayReconnect(error: unknown, reconnects: number): boolean {
    if (this.stopping || this.active > 1 || reconnects >= maxReconnects) return false;
    if (error instanceof FileChangedError || error instanceof RangeRefusedError) return false;
    return reconnectable.has(toDownloadError(error).code);
  }

  /**
   * With a connection to spare, a range whose server has been silent for a
   * few seconds (too small to split, or the last one) is asked for again
   * rather than waited on until the idle timeout.
   */
  private raceSilentRange(): void {
    if (this.stopping || this.active >= this.cap) return;
    const now = this.job.deps.clock.now();
    const quietMs = Math.min(raceAfterMs, this.job.limits.idleTimeoutMs / 2);
    const silent = this.segments.find(
      (segment) => segment.race === undefined && segment.position < segment.end && segment.reader !== undefined && segment.reader.quietFor(now) >= quietMs,
    );
    if (silent === undefined || this.job.connectionSlots?.tryAcquire() === false) return;
    const race: Race = { original: silent, rest: liveSegment(silent.position, silent.end, silent.position, true), controller: new AbortController(), winner: undefined };
    silent.race = race;
    this.startWorker(() => this.runRace(race), true);
  }

  private async runRace(race: Race): Promise<void> {
    const { rest } = race;
    try {
      const body = await this.request(rest, AbortSignal.any([this.controller.signal, race.controller.signal]));
      await this.receive(rest, body, race);
    } catch (error) {
      // A lost race ends quietly; the range's own connection carries on.
      if (race.winner !== 'rest') {
        this.settleRace(race, 'original');
        return;
      }
      rest.busy = false;
      this.onWorkerFailed(error);
      return;
    }
    if (race.winner !== 'rest') return;
    // Won: from here on this is a connection like the others.
    await this.work(rest, undefined);
  }

  /** The first byte decides; called by whichever answer brings it. */
  private settleRace(race: Race, first: 'original' | 'rest'): 'original' | 'rest' {
    if (race.winner !== undefined) return race.winner;
    const { original, rest } = race;
    original.race = undefined;
    // The range's own connection got bytes meanwhile (then it would have won), or lost them: the second request is of no use.
    race.winner = first === 'rest' && original.position === rest.start ? 'rest' : 'original';
    if (race.winner === 'original') {
      race.controller.abort();
      return race.winner;
    }
    original.end = rest.start;
    this.segments.splice(this.segments.indexOf(original) + 1, 0, rest);
    original.reader?.stop();
    return race.winner;
  }

  private onWorkerFailed(error: unknown): void {
    if (this.controller.signal.aborted) return;
    if (error instanceof FileChangedError) {
      // Every range written so far belongs to the old version: stop them all, the caller starts again.
      this.changed = true;
      this.controller.abort();
      return;
    }
    if (error instanceof RangeRefusedError) {
      // Never guess where such bytes belong: finish the ranges under way, then carry on over one connection.
      this.fallback = true;
      return;
    }
    const failure = toDownloadError(error);
    if (failure.retryable && this.active > 1) {
      // Busy answers and dropped connections on extra connections: fewer connections, not a failed download.
      this.cap = Math.max(1, Math.min(this.cap, this.active) - 1);
      return;
    }
    this.failure = failure;
    this.controller.abort();
  }

  private async request(segment: LiveSegment, signal: AbortSignal): Promise<RangeBody> {
    const { job } = this;
    const { state } = job;
    const from = segment.position;
    const followed = await requestFollowingRedirects(job.deps.http, {
      url: state.url,
      userUrl: job.request.url,
      headers: {
        ...job.request.headers,
        'accept-encoding': 'identity',
        range: `bytes=${from}-${segment.end - 1}`,
        'if-range': state.validator !== undefined ? (ifRangeValue(state.validator) ?? '') : '',
      },
      signal,
      connectTimeoutMs: job.limits.connectTimeoutMs,
    });
    if (followed.permanentUrl !== undefined) state.url = followed.permanentUrl;
    const { response } = followed;
    try {
      return { response, bodyLength: this.checkRangeAnswer(response, from) };
    } catch (error) {
      response.discard();
      throw error;
    }
  }

  /** The answer's body length when it is exactly the bytes from `from` of the same file; throws otherwise. */
  private checkRangeAnswer(response: HttpResponse, from: number): number {
    const { state } = this.job;
    let plan;
    try {
      plan = planResponse(from, state, response.status, response.headers, this.job.deps.clock.now());
    } catch (error) {
      if (error instanceof DownloadError && error.code === 'bad_range_response') throw new RangeRefusedError(error.message);
      throw error;
    }
    if (plan.kind === 'restart' && plan.changed) throw new FileChangedError(plan.reason);
    if (response.status !== 206 || plan.kind !== 'write' || plan.start !== from || plan.bodyLength === undefined) {
      throw new RangeRefusedError(`HTTP ${response.status} to a request for bytes from ${from}`);
    }
    if (isEncoded(response.headers)) throw new RangeRefusedError('a range arrived content-encoded');
    return plan.bodyLength;
  }

  /** Streams one answer into its range, stopping at the range's end even if the range shrank meanwhile. */
  private async receive(segment: LiveSegment, { response, bodyLength }: RangeBody, race: Race | undefined): Promise<void> {
    const { job } = this;
    const writer = new BatchedWriter(this.input.handle, segment.position, this.batchBytes);
    segment.writer = writer;
    let received = 0;
    let flushedAt = this.checkpoints;
    const take = (chunk: Buffer, now: number): ChunkAnswer => {
      if (race !== undefined && race.winner !== 'rest') {
        // The second request of a race: nothing is written before it has won.
        if (this.settleRace(race, 'rest') !== 'rest') return 'enough';
      }
      // This range is being raced itself: its own bytes came first.
      if (segment.race !== undefined) this.settleRace(segment.race, 'original');
      received += chunk.length;
      const room = segment.end - segment.position;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      // Advanced before any wait, so a split never hands out bytes this connection already has.
      segment.position += piece.length;
      this.received += piece.length;
      let wait = writer.write(piece);
      job.observer.onProgress?.(this.received);
      this.maybeCheckpoint(now);
      if (flushedAt !== this.checkpoints) {
        flushedAt = this.checkpoints;
        wait = wait === undefined ? writer.flush() : wait.then(() => writer.flush());
      }
      if (segment.position >= segment.end && received < bodyLength) {
        // The rest of this answer belongs to another connection now; the flush that follows reports any write failure.
        wait?.catch(() => undefined);
        return 'enough';
      }
      return wait;
    };
    // The first answer was requested before this run had its own signal: the run's signal reaches it through the reader.
    const reader = new BodyReader(
      { body: response.body, bodyLength },
      { idleTimeoutMs: job.limits.idleTimeoutMs, limiters: job.limiters, clock: job.deps.clock, signal: this.controller.signal, take },
    );
    segment.reader = reader;
    try {
      await reader.read();
      await writer.flush();
    } catch (error) {
      response.discard();
      await writer.settle();
      // What was received but not written goes back to the range, for the next connection.
      this.received -= segment.position - writer.writtenEnd;
      segment.position = writer.writtenEnd;
      throw error;
    } finally {
      segment.writtenEnd = writer.writtenEnd;
      segment.writer = undefined;
      segment.reader = undefined;
    }
  }

  private maybeCheckpoint(now: number): void {
    if (now - this.lastCheckpoint < this.job.limits.checkpointIntervalMs || this.durability.inProgress) return;
    this.lastCheckpoint = now;
    this.checkpoints += 1;
    // Slots other downloads gave back are taken up here, at most once per checkpoint.
    this.spawn();
    this.makeDurable().then(
      () => {
        // The run's own last checkpoint has the final word.
        if (!this.finished) this.checkpoint();
      },
      (error: unknown) => {
        // After a failed fsync the kernel may have dropped the pages: nothing more may be called durable.
        this.failure ??= toDownloadError(error);
        this.controller.abort();
      },
    );
  }

  /** fsyncs the file, then counts as durable what had been written before the fsync began. */
  private async makeDurable(): Promise<void> {
    const written = this.segments.map((segment) => [segment, segment.writer?.writtenEnd ?? segment.writtenEnd] as const);
    await this.durability.sync();
    for (const [segment, end] of written) segment.durableEnd = Math.max(segment.durableEnd, Math.min(end, segment.end));
  }

  private checkpoint(): void {
    const { state, observer } = this.job;
    const segments = compactSegments(this.segments.map(({ start, end, durableEnd }) => ({ start, end, durableEnd })));
    state.segments = segments;
    state.durableBytes = durableBytesOf(segments);
    observer.onCheckpoint?.(state);
  }
}
