// Maps pg driver failures to AppErrors inside the store: "the database is not there" → unavailable, unstorable text → validation_failed.
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { AppError } from '../../errors.ts';

/**
 * SQLSTATEs and socket codes of a server that is down, restarting, refusing connections or unreachable. Unique (23505)
 * and foreign-key (23503) violations are left as they are: the repositories (mapUnique) and services already map those
 * codes for both backends, with messages that say what conflicted.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: the server is stopping or a connection was terminated by an administrator
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
]);

/** pg raises these without a code when a socket closes under it or the pool cannot connect in time. */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error/];

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true; // class 08: connection exception
  if (err instanceof AggregateError) return err.errors.some(isUnavailable); // a host name with several addresses, none answering
  return UNAVAILABLE_MESSAGES.some((re) => re.test(err.message));
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can), so a NUL in any bound string fails the statement with 22021;
 * reported as the client's input, not as a 500. (22P05: a character the database encoding cannot represent.)
 */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

export function toStoreError(err: unknown): unknown {
  // The messages name no host, URL or value: a connection URL may carry a password, a value may be a secret.
  if (isUnavailable(err)) return new AppError('unavailable', 'Database is not reachable', { retryAfter: 5, cause: err });
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNSTORABLE_TEXT_CODES.has(code)) {
    return new AppError('validation_failed', 'Text contains a character that cannot be stored (such as NUL)', { cause: err });
  }
  return err;
}

/**
 * The pool as Kysely's PostgresDialect sees it, with every connect and query failure passed through toStoreError.
 * `onConnectionError` hears a connection that broke while checked out (between two statements of a transaction):
 * pg emits that as an 'error' event, which would end the process with no listener; the failed statement itself
 * rejects as unavailable and pg-pool discards the connection when it is released.
 */
export function withMappedErrors(pool: pg.Pool, onConnectionError: (err: Error) => void): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    client.on('error', onConnectionError);
    // Only the (sql, parameters) form: the dialect is given no cursor class, so Kysely never streams.
    const query = async (sqlText: string, parameters: readonly unknown[]): Promise<pg.QueryResult> => {
      try {
        return await client.query(sqlText, [...parameters]);
      } catch (err) {
        throw toStoreError(err);
      }
    };
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw toStoreError(err);
      }
      // Kysely keys its connection objects by client, so the same pg client must always get the same wrapper.
      let out = wrapped.get(client);
      if (!out) {
        out = wrap(client);
        wrapped.set(client, out);
      }
      return out;
    },
    end: () => pool.end(),
  };
}
