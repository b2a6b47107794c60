import type { SegmentState } from './segment-plan.js';

/**
 * What must survive between attempts (and process restarts) to resume a
 * download safely. The queue stores it; the engine reads and updates it.
 */
export interface TransferState {
  /** Where to ask; replaced when the server redirects permanently. */
  url: string;
  /** The final name in the destination folder, chosen once; the partial file is `<fileName>.part`. */
  fileName?: string | undefined;
  /** The size the server announced, when it did. */
  totalBytes?: number | undefined;
  /** What proves the server still has the same file: a strong ETag or else Last-Modified. */
  validator?: Validator | undefined;
  /**
   * Bytes of the partial file known to be on disk (fsynced): a prefix of the
   * file, or with segments the sum of their durable parts.
   */
  durableBytes: number;
  /** Set while the file is downloaded over several connections: each range and how much of it is durable. */
  segments?: readonly SegmentState[] | undefined;
}

export interface Validator {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export function newTransferState(url: string): TransferState {
  return { url, durableBytes: 0 };
}
