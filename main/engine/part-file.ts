import type { FileHandle } from 'node:fs/promises';
import { BatchedWriter } from './batched-writer.js';
import { DurableSync } from './durable-sync.js';

/**
 * The `.part` file of a single-connection transfer: one batched writer from
 * the resume offset, with a clear line between bytes written and bytes
 * durable. Only durable bytes may be recorded as progress.
 */
export class PartFile {
  private readonly writer: BatchedWriter;
  private readonly durability: DurableSync;
  /** End of what the last completed fsync covered. */
  durableEnd: number;

  constructor(
    private readonly handle: FileHandle,
    start: number,
  ) {
    this.writer = new BatchedWriter(handle, start);
    this.durability = new DurableSync(handle);
    this.durableEnd = start;
  }

  /** See BatchedWriter.write: a promise only when the caller must wait. */
  write(chunk: Buffer): Promise<void> | undefined {
    return this.writer.write(chunk);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Starts an fsync of everything written so far, without blocking further
   * writes, and resolves with the durable end once it has finished. A sync
   * already under way is reused.
   */
  async sync(): Promise<number> {
    const upTo = this.writer.writtenEnd;
    await this.durability.sync();
    this.durableEnd = Math.max(this.durableEnd, upTo);
    return this.durableEnd;
  }

  get syncInProgress(): boolean {
    return this.durability.inProgress;
  }

  /** Flushes, makes everything durable, closes; returns the durable end. */
  async close(): Promise<number> {
    try {
      await this.flush();
      await this.durability.idle();
      return await this.sync();
    } finally {
      await this.handle.close();
    }
  }

  /**
   * After a failure (network, disk full): keeps whatever reached the file,
   * makes it durable, closes; returns the durable end. Never throws.
   */
  async closeAfterFailure(): Promise<number> {
    try {
      await this.writer.settle();
      await this.durability.idle();
      await this.sync().catch(() => undefined);
      return this.durableEnd;
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }
}
