/** A byte range of a segmented download: [start, end), of which [start, durableEnd) is fsynced in the `.part` file. */
export interface SegmentState {
  readonly start: number;
  readonly end: number;
  readonly durableEnd: number;
}

/** The smallest range worth its own connection: below this, a new request costs more than it saves. */
export const minSliceBytes = 1 << 20;

/** Splits a file into up to `connections` equal ranges of at least `minSlice` bytes. */
export function initialSegments(total: number, connections: number, minSlice = minSliceBytes): SegmentState[] {
  const count = Math.max(1, Math.min(connections, Math.floor(total / minSlice)));
  const size = Math.ceil(total / count);
  const segments: SegmentState[] = [];
  for (let start = 0; start < total; start += size) {
    const end = Math.min(start + size, total);
    segments.push({ start, end, durableEnd: start });
  }
  return segments;
}

/** True when a file of this size is worth more than one connection. */
export function canSplit(total: number, minSlice = minSliceBytes): boolean {
  return total >= 2 * minSlice;
}

/**
 * Where to cut a range still being received so that a free connection can
 * take its second half, or undefined when the rest is too small to share.
 * `position` is how far the range's own connection has got.
 */
export function splitPoint(position: number, end: number, minSlice = minSliceBytes): number | undefined {
  const remaining = end - position;
  if (remaining < 2 * minSlice) return undefined;
  return position + Math.floor(remaining / 2);
}

/** Bytes of the file known durable: the sum of every range's durable part. */
export function durableBytesOf(segments: readonly SegmentState[]): number {
  let sum = 0;
  for (const segment of segments) sum += segment.durableEnd - segment.start;
  return sum;
}

/**
 * The durable bytes from offset 0 with no gap: what a single connection can
 * resume from when the download has to stop using ranges.
 */
export function durablePrefix(segments: readonly SegmentState[]): number {
  let prefix = 0;
  for (const segment of [...segments].sort((a, b) => a.start - b.start)) {
    if (segment.start !== prefix) break;
    prefix = segment.durableEnd;
    if (segment.durableEnd < segment.end) break;
  }
  return prefix;
}

/**
 * Checks ranges read back from the store: sorted, non-overlapping, inside the
 * file, covering it whole. Anything else is not trusted and means a restart.
 */
export function segmentsCover(segments: readonly SegmentState[], total: number): boolean {
  let expected = 0;
  for (const segment of segments) {
    if (segment.start !== expected || segment.end <= segment.start) return false;
    if (segment.durableEnd < segment.start || segment.durableEnd > segment.end) return false;
    expected = segment.end;
  }
  return expected === total;
}

/**
 * The ranges as they are worth storing: a finished range merges with the one
 * after it (its durable bytes then run on from the merged start without a
 * gap), so a download split many times still keeps a handful of rows.
 */
export function compactSegments(segments: readonly SegmentState[]): SegmentState[] {
  const compact: SegmentState[] = [];
  for (const segment of segments) {
    const last = compact.at(-1);
    if (last !== undefined && last.durableEnd === last.end && last.end === segment.start) {
      compact[compact.length - 1] = { start: last.start, end: segment.end, durableEnd: segment.durableEnd };
    } else {
      compact.push(segment);
    }
  }
  return compact;
}
