// The shared store: PostgreSQL through a pg Pool, the same Kysely repositories as SQLite, migrations under a lock.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from '../schema.ts';
import type { Store } from '../types.ts';
import { createKyselyStore } from '../kysely-store.ts';
import { migrateToLatest, type MigrationReport } from '../migrations/index.ts';
import { withMappedErrors } from './errors.ts';

export interface PostgresStore extends Store {
  /** Brings the schema up to date; several instances may call it at once (see migrateUnderLock). */
  migrate(): Promise<MigrationReport>;
}

export interface OpenPostgresOptions {
  /** Connections in the pool (pg's default is 10). */
  maxConnections?: number;
  /** Milliseconds to wait for a connection before a call fails as unavailable. */
  connectTimeoutMs?: number;
  /**
   * A pooled connection that the server dropped (a restart, a failover, an administrator's terminate) is reported
   * here; the pool discards it and the next call connects anew. The calls it breaks fail as AppError('unavailable').
   */
  onConnectionError?: (err: Error) => void;
}

/** The advisory lock migrate() holds. Arbitrary but fixed: every instance on one database agrees on it; distinct from Kysely's own. */
export const MIGRATION_LOCK_KEY = 7_318_093_211;

/**
 * int8 as a JavaScript number: times are epoch milliseconds, sizes bytes and counts rows, all far below 2^53, and the
 * repositories compare and return numbers (pg's default is a string, to be safe for the whole int8 range). A value
 * beyond 2^53 fails loudly rather than coming back rounded.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value outside the safe integer range: ${text}`);
  return n;
}

const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === pg.types.builtins.INT8 && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format),
};

/**
 * Instances starting at once migrate one after the other: a session-level advisory lock, held on one connection for
 * the whole run, makes the next wait until the first is done and then find nothing left to apply. Kysely's Migrator
 * already survives concurrent runs on PostgreSQL (its own advisory lock around the migrations, and re-checks when
 * creating its bookkeeping tables races); this lock makes that our guarantee, over the whole run, rather than a
 * detail of the Migrator's internals.
 */
async function migrateUnderLock(db: Kysely<Database>): Promise<MigrationReport> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await migrateToLatest(conn as unknown as Kysely<unknown>);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

/** Opens a pool on `url` (connections are made on first use); call migrate() before serving. */
export function openPostgresStore(url: string, options: OpenPostgresOptions = {}): PostgresStore {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // SECURITY-BAR's store timeout: a database that does not answer is a 503 within about 2 s, not a hung request.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
    // TCP keepalive, so a connection whose server vanished without a FIN is noticed rather than kept in the pool.
    keepAlive: true,
    application_name: 'lightbox',
    types: TYPES,
  });
  const onConnectionError = (err: Error): void => options.onConnectionError?.(err);
  // Idle connections report through the pool, checked-out ones through their own listener (withMappedErrors).
  pool.on('error', onConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withMappedErrors(pool, onConnectionError) }) });
  // Returned uncached on purpose. The in-process auth cache (cached-store.ts) learns of other writers from SQLite's
  // PRAGMA data_version; PostgreSQL has no such counter, and the instances sharing this database would each keep
  // serving credentials another had revoked. A shared cache with a Redis revocation channel comes later (issue #19).
  const store = createKyselyStore(db, { close: () => db.destroy() });
  return { ...store, migrate: () => migrateUnderLock(db) };
}
