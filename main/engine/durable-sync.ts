import type { FileHandle } from 'node:fs/promises';

/**
 * fdatasync of one file, at most one at a time. Callers note how far their
 * writes had reached before asking; once the sync resolves, that much is durable.
 */
export class DurableSync {
  private syncing: Promise<void> | undefined;
  /**
   * The first fsync failure. Linux may drop the dirty pages it could not write
   * and report the next fsync as a success, so after one failure no later sync
   * can vouch for anything written before it.
   */
  private failure: Error | undefined;

  constructor(private readonly handle: FileHandle) {}

  get inProgress(): boolean {
    return this.syncing !== undefined;
  }

  /** Waits for a sync under way, ignoring its outcome. */
  async idle(): Promise<void> {
    await this.syncing?.catch(() => undefined);
  }

  /**
   * Makes everything written before this call durable. A sync already under
   * way may have started before the caller's writes, so it is waited for and
   * a fresh one started.
   */
  async sync(): Promise<void> {
    await this.idle();
    if (this.failure !== undefined) throw this.failure;
    const syncing = this.handle.datasync();
    this.syncing = syncing;
    try {
      await syncing;
    } catch (error) {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      if (this.syncing === syncing) this.syncing = undefined;
    }
  }
}
