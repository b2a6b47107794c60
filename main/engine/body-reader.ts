import type { Readable } from 'node:stream';
import type { Clock } from './clock.js';
import { consumeStream } from './consume-stream.js';
import { DownloadError, shortBodyError } from './download-error.js';
import { IdleWatchdog } from './idle-watchdog.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * What a chunk's taker answers: undefined to go on at once, a promise to wait
 * for first (the disk), or 'enough' when it wants no more of this body.
 */
export type ChunkAnswer = Promise<void> | undefined | 'enough';

export interface BodySource {
  /** The answer's body as sent: silence and byte counts are judged on it. */
  readonly body: Readable;
  /** Where the chunks come from when the body is decoded (gunzip); the body itself otherwise. */
  readonly decoded?: Readable | undefined;
  /** The length the answer announced: fewer bytes is a short body. */
  readonly bodyLength: number | undefined;
}

export interface BodyReaderOptions {
  readonly idleTimeoutMs: number;
  readonly limiters: readonly TokenBucket[] | undefined;
  readonly clock: Clock;
  /** Stops the read, and any wait on a limit, when it fires. */
  readonly signal: AbortSignal;
  /** Called for every chunk, with the time it arrived; keep it cheap. A throw fails the read with that error. */
  readonly take: (chunk: Buffer, now: number) => ChunkAnswer;
}

export interface BodyEnd {
  /** Bytes of the body as sent. */
  readonly received: number;
  /** False when the read ended before the body did: the taker said 'enough', or stop() was called. */
  readonly whole: boolean;
}

/**
 * Reads one answer's body into a taker, the one way every transfer does it
 * (single connection, each range of a segmented one): the stall timer, which
 * a slow but moving body never trips; the speed limits, whose waits are never
 * counted as the server's silence; and the failure that says what happened
 * (a stall, the disk's own error, a short body).
 */
export class BodyReader {
  private received = 0;
  private stopped = false;
  private holds = 0;
  /** When a byte last arrived, or a wait of our own ended. */
  private lastActivity: number;
  private readonly watchdog: IdleWatchdog;
  /** Made when the body stalls, not per body: an Error's stack costs a small file's read a measurable share. */
  private stalled: DownloadError | undefined;
  private idle = false;

  constructor(
    private readonly source: BodySource,
    private readonly options: BodyReaderOptions,
  ) {
    this.lastActivity = options.clock.now();
    this.watchdog = new IdleWatchdog(options.idleTimeoutMs, () => {
      this.idle = true;
      source.body.destroy(this.stalledError());
    });
  }

  /** How long the server has sent nothing while we were not waiting on ourselves; 0 while we wait. */
  quietFor(now: number): number {
    return this.holds > 0 ? 0 : now - this.lastActivity;
  }

  /** Ends the read early and closes the body; read() resolves as not whole. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.source.body.destroy();
  }

  private stalledError(): DownloadError {
    this.stalled ??= new DownloadError('stalled', `nothing received for ${this.options.idleTimeoutMs / 1000} s`);
    return this.stalled;
  }

  async read(): Promise<BodyEnd> {
    const { body, decoded, bodyLength } = this.source;
    const { signal } = this.options;
    const abort = (): void => void body.destroy();
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();
    if (decoded !== undefined) {
      body.on('data', (chunk: Buffer) => {
        this.received += chunk.length;
        this.watchdog.touch();
      });
    }
    /** The taker's or the disk's error: it is the one that matters, whatever the stream reports after it. */
    let takerError: unknown;
    try {
      await consumeStream(decoded ?? body, (chunk) => {
        try {
          const wait = this.onChunk(chunk, decoded === undefined);
          return wait?.catch((error: unknown) => {
            takerError ??= error;
            throw error;
          });
        } catch (error) {
          if (error !== enough) takerError ??= error;
          throw error;
        }
      });
    } catch (error) {
      if (this.stopped) return { received: this.received, whole: false };
      // The HTTP client may wrap the error the watchdog destroyed the body with.
      throw this.idle ? this.stalledError() : (takerError ?? shortBodyError(error, this.received, bodyLength));
    } finally {
      this.watchdog.stop();
      signal.removeEventListener('abort', abort);
    }
    if (this.stopped) return { received: this.received, whole: false };
    if (bodyLength !== undefined && this.received < bodyLength) {
      throw new DownloadError('body_incomplete', `received ${this.received} of ${bodyLength} bytes`);
    }
    return { received: this.received, whole: true };
  }

  // Called for every chunk, so it returns a promise only when something must be waited for.
  private onChunk(chunk: Buffer, raw: boolean): Promise<void> | undefined {
    const { clock, limiters, take, signal } = this.options;
    if (raw) {
      this.received += chunk.length;
      this.watchdog.touch();
    }
    const now = clock.now();
    this.lastActivity = now;
    const answer = take(chunk, now);
    if (answer === 'enough') {
      this.stopped = true;
      throw enough;
    }
    let delay = 0;
    if (limiters !== undefined) for (const limiter of limiters) delay = Math.max(delay, limiter.reserve(chunk.length));
    let wait = answer;
    if (delay > 0) wait = Promise.all([wait, clock.sleep(delay, signal)]).then(() => undefined);
    // Waiting on our own limit or disk is not the server stalling.
    return wait === undefined ? undefined : this.hold(wait);
  }

  private async hold(wait: Promise<void>): Promise<void> {
    this.holds += 1;
    try {
      await this.watchdog.hold(wait);
    } finally {
      this.holds -= 1;
      this.lastActivity = this.options.clock.now();
    }
  }
}

/** Thrown out of the chunk loop to stop reading a body whose taker has all it wants. */
const enough = new Error('the taker wants no more of this body');
