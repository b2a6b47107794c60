import { finished, type Readable } from 'node:stream';

/**
 * Reads `source` with 'data' events, pausing it only while `onChunk` returns
 * a promise (a limit, a disk write that must finish first). Cheaper than
 * async iteration, which costs promises on every chunk. Resolves after the
 * last chunk is handled; rejects with the first failure of either side, and
 * then destroys the source.
 */
export function consumeStream(source: Readable, onChunk: (chunk: Buffer) => Promise<void> | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let waiting = false;
    let ended = false;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const succeed = (): void => {
      if (settled) return;
      settled = true;
      resolve();
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      let wait: Promise<void> | undefined;
      try {
        wait = onChunk(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (wait === undefined) return;
      waiting = true;
      source.pause();
      wait.then(() => {
        waiting = false;
        if (ended) succeed();
        else source.resume();
      }, fail);
    });
    // finished() also sees an error or close that happened before this call (while the caller was opening the file).
    finished(source, (error) => {
      if (error !== undefined && error !== null) {
        fail(error);
        return;
      }
      ended = true;
      if (!waiting) succeed();
    });
  });
}
