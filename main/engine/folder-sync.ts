import type { FileSystem } from './file-system.js';

/**
 * Makes renames in a folder survive a power cut. Downloads finishing together
 * share one folder fsync: a caller joins the next fsync to begin after its
 * call, never one already under way (that one may have missed its rename).
 */
export function syncFolder(fs: FileSystem, dir: string): Promise<void> {
  let byDir = queues.get(fs);
  if (byDir === undefined) {
    byDir = new Map();
    queues.set(fs, byDir);
  }
  let queue = byDir.get(dir);
  if (queue === undefined) {
    queue = new FolderSyncQueue(fs, dir);
    byDir.set(dir, queue);
  }
  return queue.request();
}

const queues = new WeakMap<FileSystem, Map<string, FolderSyncQueue>>();

class FolderSyncQueue {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
  ) {}

  request(): Promise<void> {
    if (this.next !== undefined) return this.next;
    if (this.running === undefined) return this.start();
    const next = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    this.next = next;
    return next;
  }

  private start(): Promise<void> {
    const running = fsyncFolder(this.fs, this.dir).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}

/** Not every platform can fsync a folder: those that refuse are taken at their word. */
async function fsyncFolder(fs: FileSystem, dir: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'EACCES'].includes(code)) throw error;
  } finally {
    await handle?.close();
  }
}
