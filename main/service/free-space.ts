import { statfsSync } from 'node:fs';

/** How long an answer stands: stats go out a few times a second while downloading; free space moves slowly. */
const freshMs = 2_000;

/**
 * Free bytes on the disk that holds the default download folder, for the
 * status bar. Asked of the system at most every two seconds; undefined when
 * it cannot be told (the folder is missing or unreadable).
 */
export class FreeSpace {
  private last: { readonly at: number; readonly bytes: number | undefined; readonly folder: string } | undefined;

  constructor(
    /** The download folder as the settings say now. */
    private readonly currentFolder: () => string,
    private readonly now: () => number,
  ) {}

  bytes(): number | undefined {
    return this.reading().bytes;
  }

  /** The folder the last answer is about: read with it, so stats between readings ask the settings nothing. */
  folder(): string {
    return this.reading().folder;
  }

  private reading(): { readonly bytes: number | undefined; readonly folder: string } {
    const now = this.now();
    if (this.last !== undefined && now - this.last.at < freshMs) return this.last;
    const folder = this.currentFolder();
    let bytes: number | undefined;
    try {
      const disk = statfsSync(folder);
      // What an unprivileged process may still write (the reserved blocks are not ours).
      bytes = disk.bavail * disk.bsize;
    } catch {
      bytes = undefined;
    }
    this.last = { at: now, bytes, folder };
    return this.last;
  }
}
