// A bounded in-process cache (lru-cache), optionally with a time to live read from an injected clock.
import { LRUCache } from 'lru-cache';
import type { Clock } from './clock.ts';

export type { LRUCache } from 'lru-cache';

export interface BoundedCacheOptions {
  /**
   * At most this many entries: past it the least recently used goes, whatever the traffic. lru-cache allocates its
   * arrays for this many up front, and deleting the only entry left clears all of them, O(maxEntries): a hot path that
   * would empty a large cache overwrites its entry instead (see MemoryLoginLimiter).
   */
  maxEntries: number;
  /**
   * An entry is served while its age is at most this, never after (and is dropped when met). Without it entries live
   * until evicted.
   */
  ttlMs?: number;
  /**
   * The clock the time to live is measured on; a test passes its fake one. Defaults to the system clock. It must not
   * read 0 (lru-cache takes a start time of 0 as "no time to live"): epoch milliseconds, as every Clock here is.
   */
  clock?: Clock;
}

/**
 * An `LRUCache` set up the way every cache here needs it. With a time to live, the age is read from `clock` on every
 * check (`ttlResolution: 0`): lru-cache would otherwise memoise "now" for a millisecond behind a timer, which a moved
 * fake clock cannot see; and nothing is purged on a timer, so no cache keeps the process alive or runs between turns.
 */
export function createBoundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(options: BoundedCacheOptions): LRUCache<K, V> {
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  if (options.ttlMs === undefined) return new LRUCache<K, V>({ max: options.maxEntries });
  if (!(options.ttlMs > 0)) throw new RangeError('ttlMs must be positive');
  const clock = options.clock;
  return new LRUCache<K, V>({
    max: options.maxEntries,
    ttl: options.ttlMs,
    ttlResolution: 0,
    ttlAutopurge: false,
    ...(clock ? { perf: { now: () => clock.now() } } : {}),
  });
}
