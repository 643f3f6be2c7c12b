// Retry policy: which statuses are retried (429, 503), exponential backoff with jitter, Retry-After, the wait budget.
export interface RetryOptions {
  /** Retries per call after the first attempt (default 3; 0 disables retrying). */
  maxRetries?: number;
  /** First backoff step in milliseconds (default 250); doubles on every retry. */
  baseDelayMs?: number;
  /** Cap of one backoff wait without Retry-After (default 10 000). */
  maxDelayMs?: number;
  /** Total milliseconds one call may spend waiting between retries (default 60 000); a longer Retry-After fails at once. */
  budgetMs?: number;
  /** Waits `ms`; replaceable so tests can move a fake clock instead of sleeping. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** A number in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budgetMs: number;
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  random: () => number;
}

/** Only throttling and temporary unavailability: every other 4xx is the caller's mistake and repeats identically. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export function sleepFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    budgetMs: options.budgetMs ?? 60_000,
    sleep: options.sleep ?? sleepFor,
    random: options.random ?? Math.random,
  };
}

/** Retry-After as seconds: delta-seconds (what Lightbox sends) or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : undefined;
}

/**
 * The wait before retry number `attempt` (0-based). With Retry-After the server's wait plus a little jitter (so
 * clients told the same second do not return together); without, "equal jitter" exponential backoff.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterSeconds: number | undefined): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000 + Math.floor(policy.random() * Math.min(policy.baseDelayMs, 1000));
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(step / 2 + policy.random() * (step / 2));
}
