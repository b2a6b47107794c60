import type { FileHandle } from 'node:fs/promises';

/** Chunks are gathered and written in one writev: loopback delivers 16–64 KiB chunks, disks prefer megabytes. */
export const defaultBatchBytes = 1 << 20;

/**
 * Writes a run of bytes into a file from a start offset, in large batches at
 * their positions, so several runs (the segments of a download) can share one
 * file. One batch may be on its way to the disk while the next is gathered.
 * Only one caller may use a writer at a time.
 */
export class BatchedWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingStart: number;
  /** The batch being written while the next one is gathered. */
  private inFlight: Promise<void> = Promise.resolve();
  private writing = false;
  /** A failed background write, reported by the next call. */
  private failure: Error | undefined;
  /** End of what has been handed to the OS, contiguous from the start. */
  writtenEnd: number;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    /** Bytes gathered before a write; up to twice this is held in memory. */
    private readonly batchBytes = defaultBatchBytes,
  ) {
    this.pendingStart = start;
    this.writtenEnd = start;
  }

  /**
   * Appends at the current position. Returns a promise only when the caller
   * must wait: a full batch while the previous one is still being written
   * (backpressure, at most two batches held). Most chunks cost no promise.
   */
  write(chunk: Buffer): Promise<void> | undefined {
    this.throwIfFailed();
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.batchBytes) return undefined;
    if (!this.writing) {
      this.startWrite();
      return undefined;
    }
    return this.inFlight.then(() => {
      this.throwIfFailed();
      // Another full batch may have been started meanwhile by flush(); this one goes after it.
      if (this.pendingBytes >= this.batchBytes && !this.writing) this.startWrite();
    });
  }

  private startWrite(): void {
    this.writing = true;
    this.inFlight = this.writePending()
      .catch((error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.writing = false;
      });
  }

  /** Hands all gathered bytes to the OS, after any write already under way. */
  async flush(): Promise<void> {
    for (;;) {
      await this.inFlight;
      this.throwIfFailed();
      // A write() still waiting for the previous batch may have started its own meanwhile.
      if (this.writing) continue;
      if (this.pendingBytes === 0) return;
      this.startWrite();
    }
  }

  /**
   * After a failure (network, disk full): writes what was gathered unless a
   * write already failed (later bytes would land past a gap). Never throws:
   * the original failure is what matters.
   */
  async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure === undefined) await this.writePending().catch(() => undefined);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async writePending(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const buffers = this.pending;
    const start = this.pendingStart;
    const length = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingStart = start + length;
    let done = 0;
    while (done < length) {
      // writev may write less than asked (signals, quotas); continue where it stopped.
      const { bytesWritten } = await this.handle.writev(remainingBuffers(buffers, done), start + done);
      if (bytesWritten === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      done += bytesWritten;
      // Kept per write: when the disk fills up, what did fit still counts.
      this.writtenEnd = start + done;
    }
  }
}

function remainingBuffers(buffers: Buffer[], skip: number): Buffer[] {
  if (skip === 0) return buffers;
  const rest: Buffer[] = [];
  let offset = skip;
  for (const buffer of buffers) {
    if (offset >= buffer.length) {
      offset -= buffer.length;
      continue;
    }
    rest.push(offset > 0 ? buffer.subarray(offset) : buffer);
    offset = 0;
  }
  return rest;
}
