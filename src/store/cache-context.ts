// The shared state of the in-process auth cache: bounded maps, an invalidation epoch and the cross-connection check.
import { createBoundedCache, type LRUCache } from '../lib/bounded-cache.ts';

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

/** A bounded cache (least recently used goes first) whose values are frozen, for the auth read path. */
export class BoundedCache<V extends NonNullable<unknown>> {
  private readonly map: LRUCache<string, V>;
  constructor(max: number) {
    this.map = createBoundedCache({ maxEntries: max });
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /**
   * Memory stays bounded whatever the traffic. Values are frozen (and their object-valued fields): the synchronous
   * read path hands them out without copying.
   */
  set(key: string, value: V): void {
    this.map.set(key, deepFreeze(value));
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Deletes every entry the predicate matches (rare writes: a user's sessions, a revoked token). */
  deleteWhere(match: (value: V, key: string) => boolean): void {
    // Collected first: the cache is not deleted from while it is being walked.
    const doomed: string[] = [];
    for (const [key, value] of this.map.entries()) if (match(value, key)) doomed.push(key);
    for (const key of doomed) this.map.delete(key);
  }

  entriesWhere(match: (value: V) => boolean): Array<[string, V]> {
    const found: Array<[string, V]> = [];
    for (const [key, value] of this.map.entries()) if (match(value)) found.push([key, value]);
    return found;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

export interface CacheOptions {
  /** Entries per cache (sessions, users, roles, studio lists, tokens, app keys). */
  maxEntries?: number;
  /**
   * True when another connection or process has written to the backing store since the last call (SQLite's
   * `PRAGMA data_version`; a shared backend would use its revocation channel). The caches are then dropped.
   */
  changedElsewhere: () => boolean;
}

/** Everything the cached stores of one Store share. */
export class CacheContext {
  /** Bumped by every invalidation: a read that started before a bump does not fill the cache (no stale refill). */
  epoch = 0;
  /** Only ever cleared together, so only that is kept of them. */
  readonly caches: Array<{ clear(): void }> = [];
  readonly maxEntries: number;

  constructor(private readonly options: CacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  create<V extends NonNullable<unknown>>(): BoundedCache<V> {
    const cache = new BoundedCache<V>(this.maxEntries);
    this.caches.push(cache);
    return cache;
  }

  private checkedThisTurn = false;

  /**
   * Drops everything when the store was written to from elsewhere (another process: the CLI, a second instance);
   * called before every cached read, and checked at most once per event-loop turn. The check is a SQLite read
   * transaction (two fcntl locks and an fstat); run on every cached read it was a sixth of a cached request's CPU
   * (issue #17's profile). The requests a turn handles arrived before its check, so a write committed elsewhere after
   * the check is concurrent with them, and the first read of the next turn sees it — except a pipelined request whose
   * bytes were read in the same turn after arriving later, which may be answered from the state the turn began with.
   * Writes through this store are not affected: they invalidate what they change at once.
   */
  sync(): void {
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => {
      this.checkedThisTurn = false;
    });
    if (this.options.changedElsewhere()) this.clearAll();
  }

  clearAll(): void {
    this.epoch++;
    for (const cache of this.caches) cache.clear();
  }
}

/** How a store wrapper treats reads: through the cache, or straight to the backend (inside a transaction). */
export interface CacheScope {
  ctx: CacheContext;
  /** False inside a transaction: its reads may see uncommitted writes, which must never be cached. */
  fill: boolean;
  /** Runs an invalidation now, and (inside a transaction) again once the transaction has settled. */
  invalidate(drop: () => void): void;
}

/** A read through the cache; fills it only when nothing was invalidated while the backend was being read. */
export async function cachedRead<V extends NonNullable<unknown>>(scope: CacheScope, cache: BoundedCache<V>, key: string, load: () => Promise<V | null>): Promise<V | null> {
  if (!scope.fill) return load();
  scope.ctx.sync();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const epoch = scope.ctx.epoch;
  const value = await load();
  if (value !== null && epoch === scope.ctx.epoch) cache.set(key, value);
  return value;
}
