// Prepared statements kept by SQL text, so a query Kysely compiles again is not parsed and planned by SQLite again.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { createBoundedCache } from '../../lib/bounded-cache.ts';

/** Distinct statements kept; Kysely's SQL text varies only with list lengths and optional clauses, so this is ample. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

/**
 * The database as Kysely's SQLite driver sees it, with `prepare` answered from a bounded LRU cache. SQLite
 * re-prepares a cached statement by itself after a schema change. A statement still iterating (a streamed
 * query) is busy and cannot run twice at once, so a query meeting one gets a fresh, uncached statement.
 */
export function withStatementCache(db: BetterSqlite3.Database, size = DEFAULT_STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = createBoundedCache<string, BetterSqlite3.Statement>({ maxEntries: size });
  return {
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        if (hit.busy) return db.prepare(sql);
        return hit;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
}
