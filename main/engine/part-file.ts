import type { FileHandle } from 'node:fs/promises';

/** Chunks are gathered and written in one writev: loopback delivers 16–64 KiB chunks, disks prefer megabytes. */
const writeBatchBytes = 1 << 20;

/**
 * The `.part` file as the transfer writes it: positional writes (so segments
 * can share one file), batched, with a clear line between bytes written and
 * bytes durable. Only durable bytes may be recorded as progress.
 */
export class PartFile {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingStart: number;
  private syncing: Promise<number> | undefined;
  /** The batch being written while the next one is gathered. */
  private inFlight: Promise<void> = Promise.resolve();
  /** A failed background write, reported by the next call. */
  private failure: Error | undefined;
  /** End of what has been handed to the OS. */
  private writtenEnd: number;
  /** End of what the last completed fsync covered. */
  durableEnd: number;

  constructor(
    private readonly handle: FileHandle,
    start: number,
  ) {
    this.pendingStart = start;
    this.writtenEnd = start;
    this.durableEnd = start;
  }

  /**
   * Appends at the current position. One batch may be on its way to the disk
   * while the next is gathered, so receiving and writing overlap; a second
   * full batch waits for the first (backpressure, at most two batches held).
   */
  async write(chunk: Buffer): Promise<void> {
    this.throwIfFailed();
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < writeBatchBytes) return;
    await this.inFlight;
    this.throwIfFailed();
    this.inFlight = this.writePending().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  /** Hands all gathered bytes to the OS, after any write already under way. */
  async flush(): Promise<void> {
    await this.inFlight;
    this.throwIfFailed();
    await this.writePending();
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

  /**
   * Starts an fsync of everything written so far, without blocking further
   * writes, and resolves with the durable end once it has finished. A sync
   * already under way is reused.
   */
  sync(): Promise<number> {
    if (this.syncing) return this.syncing;
    const upTo = this.writtenEnd;
    this.syncing = this.handle.datasync().then(() => {
      this.durableEnd = Math.max(this.durableEnd, upTo);
      this.syncing = undefined;
      return this.durableEnd;
    });
    this.syncing.catch(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  get syncInProgress(): boolean {
    return this.syncing !== undefined;
  }

  /** Flushes, makes everything durable, closes; returns the durable end. */
  async close(): Promise<number> {
    try {
      await this.flush();
      if (this.syncing) await this.syncing.catch(() => undefined);
      return await this.sync();
    } finally {
      await this.handle.close();
    }
  }

  /**
   * After a failure (network, disk full): keeps whatever reached the file,
   * makes it durable, closes; returns the durable end. Never throws for the
   * write errors it tolerates, since the original failure is what matters.
   */
  async closeAfterFailure(): Promise<number> {
    try {
      await this.inFlight;
      // After a failed write, later bytes would land past a gap: only write them if nothing failed.
      if (this.failure === undefined) await this.writePending().catch(() => undefined);
      if (this.syncing) await this.syncing.catch(() => undefined);
      await this.sync().catch(() => undefined);
      return this.durableEnd;
    } finally {
      await this.handle.close().catch(() => undefined);
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
