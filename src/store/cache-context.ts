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
  constructor(max: number, ttlMs?: number) {
    this.map = createBoundedCache(ttlMs === undefined ? { maxEntries: max } : { maxEntries: max, ttlMs });
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

/**
 * What a write changed, as the auth cache sees it: applied to this instance's caches at once and, with a revocation
 * channel, sent to every other instance so that theirs drop the same entries. Plain data, so it crosses processes.
 */
export type InvalidationEvent =
  | { kind: 'session'; id: string }
  | { kind: 'user-sessions'; userId: string }
  | { kind: 'user'; id: string }
  | { kind: 'membership'; userId: string; studioId: string }
  | { kind: 'access-token'; id: string }
  | { kind: 'app-key'; id: string }
  | { kind: 'all' };

/**
 * The revocation channel between instances that share one database (Redis pub/sub, src/store/redis/). The cache
 * serves entries only while `live()` is true, that is while every other instance's events are known to reach this
 * one; otherwise every read goes to the database, and `reset` drops everything when the channel comes back (events
 * sent meanwhile were lost).
 */
export interface CacheChannel {
  live(): boolean;
  /** Resolves once the events are sent; rejects (AppError 'unavailable') when they cannot be. */
  publish(events: InvalidationEvent[]): Promise<void>;
  listen(handlers: { apply(events: InvalidationEvent[]): void; reset(): void }): void;
}

export interface CacheOptions {
  /** Entries per cache (sessions, users, roles, studio lists, tokens, app keys). */
  maxEntries?: number;
  /**
   * True when another connection or process has written to the backing store since the last call (SQLite's
   * `PRAGMA data_version`). The caches are then dropped.
   */
  changedElsewhere?: () => boolean;
  /** The revocation channel, for a store that other instances write to (PostgreSQL with Redis). */
  channel?: CacheChannel;
  /**
   * Longest time an entry is served, in milliseconds (none by default). With a channel it bounds how long an
   * instance cut off from Redis alone could miss a revocation made elsewhere (its own reads then bypass the cache,
   * but the others' would not).
   */
  maxAgeMs?: number;
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
    const cache = new BoundedCache<V>(this.maxEntries, this.options.maxAgeMs);
    this.caches.push(cache);
    return cache;
  }

  get channel(): CacheChannel | undefined {
    return this.options.channel;
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
    const changedElsewhere = this.options.changedElsewhere;
    if (changedElsewhere === undefined || this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => {
      this.checkedThisTurn = false;
    });
    if (changedElsewhere()) this.clearAll();
  }

  /**
   * True when the cache may answer: foreign writes have been looked for, and the revocation channel (if any) is
   * live. Fail closed: with the channel down, reads go to the database and nothing is cached.
   */
  serving(): boolean {
    this.sync();
    return this.options.channel === undefined || this.options.channel.live();
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
  /**
   * Runs a write that changes what `event` names: the entries are dropped here before and after it, and (once the
   * write, or the transaction it is part of, has settled) on every other instance through the channel.
   */
  change<T>(event: InvalidationEvent, write: () => Promise<T>): Promise<T>;
  /**
   * Tells the other instances only, without waiting, after a write this instance has already folded into its own
   * cache (a session's or token's last-seen time): their copies are dropped, not updated.
   */
  announce(event: InvalidationEvent): void;
}

/** A read through the cache; fills it only when nothing was invalidated while the backend was being read. */
export async function cachedRead<V extends NonNullable<unknown>>(scope: CacheScope, cache: BoundedCache<V>, key: string, load: () => Promise<V | null>): Promise<V | null> {
  if (!scope.fill || !scope.ctx.serving()) return load();
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const epoch = scope.ctx.epoch;
  const value = await load();
  if (value !== null && epoch === scope.ctx.epoch) cache.set(key, value);
  return value;
}
