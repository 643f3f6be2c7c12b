// The shared state of the in-process auth cache: bounded maps, an invalidation epoch and the cross-connection check.
function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /**
   * Oldest-inserted entries go first once the bound is reached: memory stays bounded whatever the traffic. Values are
   * frozen (and their object-valued fields): the synchronous read path hands them out without copying.
   */
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, deepFreeze(value));
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  /** Deletes every entry the predicate matches (rare writes: a user's sessions, a revoked token). */
  deleteWhere(match: (value: V, key: string) => boolean): void {
    for (const [key, value] of this.map) if (match(value, key)) this.map.delete(key);
  }

  entriesWhere(match: (value: V) => boolean): Array<[string, V]> {
    const found: Array<[string, V]> = [];
    for (const [key, value] of this.map) if (match(value)) found.push([key, value]);
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
  readonly caches: Array<BoundedCache<unknown>> = [];
  readonly maxEntries: number;

  constructor(private readonly options: CacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  create<V>(): BoundedCache<V> {
    const cache = new BoundedCache<V>(this.maxEntries);
    this.caches.push(cache as BoundedCache<unknown>);
    return cache;
  }

  /**
   * Drops everything when the store was written to from elsewhere; called before every cached read, so a session
   * deleted by another process (the CLI) is never served from memory afterwards. (Throttling this check to once per
   * millisecond saved ~5% of a request's CPU but let such a read slip through; correctness won.)
   */
  sync(): void {
    if (this.options.changedElsewhere()) this.clearAll();
  }

  private checkedThisTurn = false;

  /**
   * `sync()` at most once per event-loop turn, for the per-request fast path. The check is a SQLite read transaction
   * (two fcntl locks and an fstat): about 7 µs of a loaded server's request, a fifth of a bare Fastify request
   * (issue #6). The requests a turn handles arrived before its check, so a write committed elsewhere after the check
   * is concurrent with them, and the first request of the next turn sees it — except a pipelined request whose bytes
   * were read in the same turn after arriving later, which may be answered from the state the turn began with.
   */
  syncPerTurn(): void {
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => {
      this.checkedThisTurn = false;
    });
    this.sync();
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
export async function cachedRead<V>(scope: CacheScope, cache: BoundedCache<V>, key: string, load: () => Promise<V | null>): Promise<V | null> {
  if (!scope.fill) return load();
  scope.ctx.sync();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const epoch = scope.ctx.epoch;
  const value = await load();
  if (value !== null && epoch === scope.ctx.epoch) cache.set(key, value);
  return value;
}
