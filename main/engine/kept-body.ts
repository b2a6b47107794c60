import { Readable } from 'node:stream';

/** What is kept of a body nobody reads yet (the file is being opened, the disk is slow) before the connection is asked to wait. */
const keptBytesLimit = 256 * 1024;

/**
 * An answer's body that keeps the bytes which arrived until they are read,
 * even when the connection fails meanwhile; its error comes after them.
 * Node drops an answer's buffered bytes when its connection closes before
 * the body's end, and so does got's stream on an error: a short body that
 * arrived whole while the engine opened the file was read as 0 bytes, and the
 * next attempt fetched it all again. Reading eagerly (up to a limit) into an
 * own list is what keeps them.
 */
export class KeptBody extends Readable {
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  /** A read is waiting: the next chunk goes straight to the reader. */
  private wanted = false;
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly source: Readable) {
    super();
    source.on('data', (chunk: Buffer) => this.arrived(chunk));
    source.once('end', () => this.finish(undefined));
    source.once('error', (error: Error) => this.finish(error));
    source.once('close', () => {
      if (!this.ended) this.finish(Object.assign(new Error('the connection closed before the body ended'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    });
  }

  override _read(): void {
    const chunk = this.kept.shift();
    if (chunk !== undefined) {
      this.keptBytes -= chunk.length;
      if (this.keptBytes < keptBytesLimit) this.source.resume();
      this.push(chunk);
      return;
    }
    if (this.ended) {
      if (this.failure === undefined) this.push(null);
      else this.destroy(this.failure);
      return;
    }
    this.wanted = true;
    this.source.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source.destroy();
    callback(error);
  }

  private arrived(chunk: Buffer): void {
    if (this.wanted) {
      this.wanted = false;
      this.push(chunk);
      return;
    }
    this.kept.push(chunk);
    this.keptBytes += chunk.length;
    if (this.keptBytes >= keptBytesLimit) this.source.pause();
  }

  private finish(failure: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    if (!this.wanted) return;
    this.wanted = false;
    this._read();
  }
}
