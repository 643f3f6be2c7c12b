// The PostgreSQL store beyond the contract: concurrent migrations on one fresh database, and a database that is
// unreachable or drops its connections surfacing as AppError('unavailable') (issue #19).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { AppError } from '../../src/errors.ts';
import { MIGRATION_LOCK_KEY, openPostgresStore } from '../../src/store/postgres/open.ts';
import { postgresSkip, terminateConnections, withTestDatabase } from '../helpers/postgres.ts';

function isUnavailable(err: unknown): boolean {
  assert.ok(err instanceof AppError, `expected AppError(unavailable), got ${String(err)}`);
  assert.equal(err.code, 'unavailable');
  assert.equal(err.status, 503);
  assert.equal(err.retryAfter, 5);
  return true;
}

test('postgres: an unreachable server is AppError(unavailable) whose message names no URL', async () => {
  // Port 1 on loopback: nothing listens, the connection is refused at once. No server needed for this case.
  const store = openPostgresStore('postgres://lightbox:s3cret@127.0.0.1:1/lightbox', { connectTimeoutMs: 2000 });
  try {
    await assert.rejects(store.ping(), (err: unknown) => isUnavailable(err) && !String((err as Error).message).includes('s3cret'));
    await assert.rejects(store.migrate(), isUnavailable);
    await assert.rejects(store.users.countUsers(), isUnavailable);
  } finally {
    await store.close();
  }
});

const skip = await postgresSkip('the PostgreSQL migration and connection tests');

describe('postgres: migrations and connections', { skip }, () => {
  test('stores migrating one fresh database at once all succeed, and the migrations are applied exactly once', () => withTestDatabase(async (database) => {
    const stores = [openPostgresStore(database.url), openPostgresStore(database.url), openPostgresStore(database.url)];
    try {
      const reports = await Promise.all(stores.map((s) => s.migrate()));
      const applied = reports.flatMap((r) => r.applied);
      assert.equal(reports.filter((r) => r.applied.length > 0).length, 1, `one instance migrates, the others find nothing to do: ${JSON.stringify(reports)}`);
      assert.equal(new Set(applied).size, applied.length, 'no migration applied twice');
      assert.ok(applied.includes('0001_core') && applied.includes('0005_session_indexes'), applied.join(', '));
      for (const s of stores) assert.deepEqual(await s.migrate(), { applied: [] });
      const [a, b] = stores as [typeof stores[0], typeof stores[0]];
      await a.studios.createStudio({ name: 'North', slug: 'north', now: 1 });
      assert.equal((await b.studios.findStudioBySlug('north'))?.name, 'North', 'both instances see one schema and its rows');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  }));

  test('migrate() waits for the advisory lock another instance holds', () => withTestDatabase(async (database) => {
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    const store = openPostgresStore(database.url);
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      let settled = false;
      const migrating = store.migrate().finally(() => { settled = true; });
      // Wait until the server reports migrate()'s lock request as waiting: a condition, not a fixed sleep.
      for (;;) {
        const { rows } = await holder.query<{ n: string }>(
          "select count(*) as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and not l.granted and d.datname = $1",
          [database.name]);
        if (Number(rows[0]?.n) > 0) break;
        assert.equal(settled, false, 'migrate() finished without taking the lock');
        await new Promise((r) => setImmediate(r));
      }
      assert.equal(settled, false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      assert.ok((await migrating).applied.includes('0001_core'));
    } finally {
      await holder.end();
      await store.close();
    }
  }));

  test('a NUL character, which PostgreSQL text cannot hold, is validation_failed in lookups and writes, not a driver error', () => withTestDatabase(async (database) => {
    const store = openPostgresStore(database.url);
    try {
      await store.migrate();
      const studio = await store.studios.createStudio({ name: 'North', slug: 'north', now: 1 });
      const refused = (err: unknown): boolean => err instanceof AppError && err.code === 'validation_failed';
      await assert.rejects(store.users.findUserByLoginKey('ann\u0000@example.test'), refused);
      await assert.rejects(store.clients.listClients(studio.id, { types: null, search: 'a\u0000' }, { limit: 10, offset: 0 }), refused);
      await assert.rejects(store.secrets.putSecret('nul', 'a\u0000b', 1), refused);
      assert.equal(await store.secrets.getSecret('nul'), null);
    } finally {
      await store.close();
    }
  }));

  test('connections the server terminates (57P01) fail the call as unavailable, the transaction rolls back, the store recovers', () => withTestDatabase(async (database) => {
    const dropped: Error[] = [];
    const store = openPostgresStore(database.url, { onConnectionError: (err) => dropped.push(err) });
    try {
      await store.migrate();
      await assert.rejects(store.transaction(async (tx) => {
        await tx.secrets.putSecret('half', 'written', 1);
        await terminateConnections(database);
        await tx.secrets.putSecret('other', 'never', 1);
      }), isUnavailable);
      assert.ok(dropped.length > 0, 'the broken connection was reported, not thrown as an uncaught error event');
      await store.ping(); // a new connection
      assert.equal(await store.secrets.getSecret('half'), null, 'nothing of the broken transaction was committed');
      await terminateConnections(database); // idle connections this time: the pool drops them, the next call reconnects
      assert.equal(await store.users.countUsers(), 0);
    } finally {
      await store.close();
    }
  }));
});
