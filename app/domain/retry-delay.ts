/**
 * When to try again after a retryable failure: exponential backoff with full
 * jitter (so many tasks failing together do not retry together), unless the
 * server said when in Retry-After, which wins. Both are capped so a hostile
 * Retry-After cannot park a download for days.
 */
export interface RetryDelayInput {
  /** 1 for the first retry. */
  readonly attempt: number;
  /** What the server asked for, already parsed; undefined when it said nothing. */
  readonly retryAfterMs?: number | undefined;
  /** A number in [0, 1); injected so tests are deterministic. */
  readonly random: number;
  readonly baseMs?: number;
  readonly maxMs?: number;
}

export const defaultRetryBaseMs = 1_000;
export const defaultRetryMaxMs = 5 * 60_000;

export function retryDelay(input: RetryDelayInput): number {
  const baseMs = input.baseMs ?? defaultRetryBaseMs;
  const maxMs = input.maxMs ?? defaultRetryMaxMs;
  if (input.retryAfterMs !== undefined) return clamp(input.retryAfterMs, 0, maxMs);
  const exponent = Math.min(Math.max(input.attempt - 1, 0), 30);
  const ceiling = Math.min(baseMs * 2 ** exponent, maxMs);
  // Half fixed, half random: never retries instantly, still spreads a herd.
  return Math.round(ceiling / 2 + (ceiling / 2) * input.random);
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Returns milliseconds from `nowMs`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  // HTTP dates name the day and month; anything else ("-5", "1.5") is noise Date.parse would accept.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(dateMs - nowMs, 0);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
