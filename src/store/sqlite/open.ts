// The embedded store: better-sqlite3 in WAL mode with foreign keys, a busy timeout and full fsync on commit.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
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

export interface OpenSqliteOptions {
  /** Milliseconds a writer waits for a lock before the store reports itself unavailable. */
  busyTimeoutMs?: number;
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // data_version changes when another connection (the CLI, a second process) commits: the auth cache is then dropped.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  const changedElsewhere = (): boolean => {
    const now = dataVersion.get();
    if (now === seenVersion) return false;
    seenVersion = now;
    return true;
  };
  const store = createKyselyStore(db, { close: () => db.destroy() });
  return createCachedStore({ ...store, migrate: () => migrateToLatest(db as Kysely<unknown>) }, { changedElsewhere });
}
