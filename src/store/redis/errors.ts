// Maps Redis client failures to AppError('unavailable'): a Redis that is down or slow is a 503 with Retry-After, never a 500.
import { AppError } from '../../errors.ts';

/** Seconds a client is told to wait while Redis is away: about how long a restart or a reconnect takes. */
export const REDIS_RETRY_AFTER_SECONDS = 5;

/**
 * Every failure of a Redis command is treated as "Redis is not there": refused or reset connections, a closed
 * stream (the offline queue is off, so commands fail at once rather than wait), and command timeouts. The message
 * names no host or URL: a Redis URL may carry a password.
 */
export function redisUnavailable(cause: unknown): AppError {
  return new AppError('unavailable', 'Redis is not reachable', { retryAfter: REDIS_RETRY_AFTER_SECONDS, cause });
}

/** Runs a Redis call and rethrows any failure as AppError('unavailable'). */
export async function mapRedisErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw redisUnavailable(err);
  }
}
