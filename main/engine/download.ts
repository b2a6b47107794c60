import { retryDelay } from '../../app/domain/retry-delay.js';
import { DownloadError, toDownloadError } from './download-error.js';
import type { TransferJob, TransferResult } from './transfer-job.js';
import { transferOnce } from './transfer.js';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 means try once. */
  readonly retries: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

export interface DownloadObserver {
  onRetry?(error: DownloadError, delayMs: number, retry: number): void;
}

/**
 * Attempts until the file is complete, a failure is final, or the retries are
 * used up. An attempt that moved the download forward does not use up a retry:
 * a server that drops the connection every few megabytes still gets there.
 */
export async function downloadWithRetries(job: TransferJob, policy: RetryPolicy, observer: DownloadObserver = {}): Promise<TransferResult> {
  let failures = 0;
  for (;;) {
    const before = job.state.durableBytes;
    try {
      return await transferOnce(job);
    } catch (thrown) {
      const error = toDownloadError(thrown);
      if (job.state.durableBytes > before) failures = 0;
      failures += 1;
      if (!error.retryable || failures > policy.retries || job.signal.aborted) throw error;
      const delayMs = retryDelay({
        attempt: failures,
        retryAfterMs: error.retryAfterMs,
        random: (policy.random ?? Math.random)(),
        ...(policy.baseDelayMs !== undefined ? { baseMs: policy.baseDelayMs } : {}),
        ...(policy.maxDelayMs !== undefined ? { maxMs: policy.maxDelayMs } : {}),
      });
      observer.onRetry?.(error, delayMs, failures);
      try {
        await job.deps.clock.sleep(delayMs, job.signal);
      } catch {
        throw new DownloadError('canceled');
      }
    }
  }
}
