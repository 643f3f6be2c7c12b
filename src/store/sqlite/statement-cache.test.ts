// The prepared-statement cache under Kysely's SQLite driver: reuse, LRU bound, busy statements, schema changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { withStatementCache } from './statement-cache.ts';

function database(): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  db.exec('create table t (id integer primary key, name text); insert into t (name) values (\'a\'), (\'b\'), (\'c\')');
  return db;
}

test('the same SQL text gets the same prepared statement; other text gets its own', () => {
  const cached = withStatementCache(database());
  const first = cached.prepare('select * from t where id = ?');
  assert.equal(cached.prepare('select * from t where id = ?'), first);
  assert.notEqual(cached.prepare('select * from t where name = ?'), first);
  assert.deepEqual(first.all([2]), [{ id: 2, name: 'b' }]);
  cached.close();
});

test('the cache keeps at most its size, dropping the least recently used statement', () => {
  const cached = withStatementCache(database(), 2);
  const a = cached.prepare('select 1');
  const b = cached.prepare('select 2');
  assert.equal(cached.prepare('select 1'), a); // a is now the most recently used
  cached.prepare('select 3'); // evicts b
  assert.equal(cached.prepare('select 1'), a);
  assert.notEqual(cached.prepare('select 2'), b);
  cached.close();
});

test('a statement still iterating is not handed out again: the second query gets a fresh one', () => {
  const cached = withStatementCache(database());
  const outer = cached.prepare('select name from t order by id');
  const seen: string[] = [];
  for (const row of outer.iterate([]) as IterableIterator<{ name: string }>) {
    const inner = cached.prepare('select name from t order by id');
    assert.notEqual(inner, outer);
    seen.push(`${row.name}:${(inner.all([]) as Array<{ name: string }>).map((r) => r.name).join('')}`);
  }
  assert.deepEqual(seen, ['a:abc', 'b:abc', 'c:abc']);
  // Once the iteration ends, the cached statement is free again.
  assert.equal(cached.prepare('select name from t order by id'), outer);
  cached.close();
});

test('a statement whose last run failed (a constraint violation) runs again cleanly', () => {
  const raw = database();
  raw.exec('create unique index t_name on t (name)');
  const cached = withStatementCache(raw);
  assert.throws(() => cached.prepare('insert into t (name) values (?)').run(['a']), /UNIQUE constraint failed/);
  assert.equal(cached.prepare('insert into t (name) values (?)').run(['d']).changes, 1);
  assert.deepEqual(raw.prepare('select name from t order by id').pluck().all(), ['a', 'b', 'c', 'd']);
  cached.close();
});

test('a cached statement sees a schema change made after it was prepared', () => {
  const raw = database();
  const cached = withStatementCache(raw);
  assert.deepEqual(cached.prepare('select * from t where id = ?').all([1]), [{ id: 1, name: 'a' }]);
  raw.exec('alter table t add column note text default \'n\'');
  assert.deepEqual(cached.prepare('select * from t where id = ?').all([1]), [{ id: 1, name: 'a', note: 'n' }]);
  cached.close();
});

test('Kysely runs queries, transactions and rollbacks through the cache', async () => {
  const db = new Kysely<{ t: { id: Generated<number>; name: string } }>({ dialect: new SqliteDialect({ database: withStatementCache(database()) }) });
  try {
    for (let i = 0; i < 3; i++) {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ name: `x${i}` }).execute();
      });
    }
    await assert.rejects(db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ name: 'lost' }).execute();
      throw new Error('abort');
    }), /abort/);
    const names = (await db.selectFrom('t').select('name').orderBy('id').execute()).map((r) => r.name);
    assert.deepEqual(names, ['a', 'b', 'c', 'x0', 'x1', 'x2']);
    assert.equal((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]?.n, 6);
  } finally {
    await db.destroy();
  }
});
