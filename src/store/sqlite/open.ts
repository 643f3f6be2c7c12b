// The embedded store: better-sqlite3 in WAL mode with foreign keys, a busy timeout and full fsync on commit.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from '../schema.ts';
import type { Store } from '../types.ts';
import { createKyselyStore } from '../kysely-store.ts';
import { createCachedStore } from '../cached-store.ts';
import { migrateToLatest, type MigrationReport } from '../migrations/index.ts';
import { withStatementCache } from './statement-cache.ts';

export interface SqliteStore extends Store {
  migrate(): Promise<MigrationReport>;
}

/** One statement the store ran on its connection, as `onStatement` reports it; the SQL text only, never parameters. */
export interface ExecutedStatement {
  sql: string;
  /**
   * query: a statement Kysely ran (reads, writes, begin/commit). cache-check: the `PRAGMA data_version` read that tells
   * the auth cache whether another connection wrote; it touches no table, and runs before cached reads.
   */
  source: 'query' | 'cache-check';
}

export interface OpenSqliteOptions {
  /** Milliseconds a writer waits for a lock before the store reports itself unavailable. */
  busyTimeoutMs?: number;
  /**
   * Called once for every statement the store runs, failed ones included; tests count a request's statements with it.
   * Parameters are left out on purpose: they carry password and token hashes.
   */
  onStatement?: (statement: ExecutedStatement) => void;
}

/** Opens (creating when needed) the database file; ':memory:' gives a private in-memory database. */
export function openSqliteStore(file: string, options: OpenSqliteOptions = {}): SqliteStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  // FULL: an acknowledged commit survives an OS crash or power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  const { onStatement } = options;
  // Kysely's log hook sees every statement it executes, prepared queries and transaction control included; without a
  // listener no hook is installed, so the default store pays nothing for the option.
  const log = onStatement === undefined ? undefined : (event: LogEvent): void => onStatement({ sql: event.query.sql, source: 'query' });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  // data_version changes when another connection (the CLI, a second process) commits: the auth cache is then dropped.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  const changedElsewhere = (): boolean => {
    onStatement?.({ sql: 'PRAGMA data_version', source: 'cache-check' });
    const now = dataVersion.get();
    if (now === seenVersion) return false;
    seenVersion = now;
    return true;
  };
  const store = createKyselyStore(db, { close: () => db.destroy() });
  return createCachedStore({ ...store, migrate: () => migrateToLatest(db as Kysely<unknown>) }, { changedElsewhere });
}
