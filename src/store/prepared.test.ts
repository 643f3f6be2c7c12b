// preparedQuery: one compilation, the caller's values bound on every call, constants kept, transactions respected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Generated } from 'kysely';
import { preparedQuery } from './prepared.ts';

interface DB {
  t: { id: Generated<number>; name: string | null; tag: string };
}

function open(): { db: Kysely<DB> } {
  const sqlite = new BetterSqlite3(':memory:');
  sqlite.exec("create table t (id integer primary key, name text, tag text not null); insert into t (name, tag) values ('a', 'x'), ('b', 'y'), (null, 'x')");
  return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

test('each call binds its own values to the SQL compiled once', async () => {
  const { db } = open();
  let built = 0;
  const byName = preparedQuery(db, (name: string) => {
    built++;
    return db.selectFrom('t').select(['id', 'name']).where('name', '=', name);
  });
  assert.deepEqual((await byName('a')).rows, [{ id: 1, name: 'a' }]);
  assert.deepEqual((await byName('b')).rows, [{ id: 2, name: 'b' }]);
  assert.deepEqual((await byName('zz')).rows, []);
  assert.equal(built, 1);
  await db.destroy();
});

test('arguments are placed by position, constants of the builder stay, one argument may be used twice', async () => {
  const { db } = open();
  const q = preparedQuery(db, (tag: string, name: string) => db.selectFrom('t').select('id')
    .where((eb) => eb.or([eb('name', '=', name), eb('tag', '=', tag)]))
    .where('id', '<', 3) // a constant compiled into the parameters, not an argument
    .where((eb) => eb.or([eb('tag', '=', tag), eb('name', '=', name)]))
    .orderBy('id'));
  assert.deepEqual((await q('x', 'b')).rows, [{ id: 1 }, { id: 2 }]);
  assert.deepEqual((await q('y', 'nobody')).rows, [{ id: 2 }]);
  await db.destroy();
});

test('inserts and updates bind null and numbers like the builder would', async () => {
  const { db } = open();
  const insert = preparedQuery(db, (name: string | null, tag: string) => db.insertInto('t').values({ name, tag }));
  const rename = preparedQuery(db, (id: number, name: string | null) => db.updateTable('t').set({ name }).where('id', '=', id));
  await insert(null, 'n');
  await insert('d', 'n');
  const r = await rename(4, 'renamed');
  assert.equal(r.numAffectedRows, 1n);
  assert.deepEqual(await db.selectFrom('t').select(['id', 'name']).where('tag', '=', 'n').orderBy('id').execute(), [{ id: 4, name: 'renamed' }, { id: 5, name: 'd' }]);
  await db.destroy();
});

test('an argument the builder does not bind as a parameter is refused when the query is first compiled', async () => {
  const { db } = open();
  const q = preparedQuery(db, (name: string, _unused: string) => db.selectFrom('t').select('id').where('name', '=', name));
  await assert.rejects(q('a', 'b'), /argument 1 is not a bound parameter/);
  await db.destroy();
});

test('a query prepared on a transaction runs inside it and is rolled back with it', async () => {
  const { db } = open();
  await assert.rejects(db.transaction().execute(async (trx) => {
    const tdb: Kysely<DB> = trx; // as the store does: repositories take the transaction as a Kysely instance
    const insert = preparedQuery(tdb, (name: string) => tdb.insertInto('t').values({ name, tag: 'tx' }));
    await insert('inside');
    const seen = await trx.selectFrom('t').select('name').where('tag', '=', 'tx').execute();
    assert.deepEqual(seen, [{ name: 'inside' }]);
    throw new Error('roll back');
  }), /roll back/);
  assert.deepEqual(await db.selectFrom('t').select('name').where('tag', '=', 'tx').execute(), []);
  await db.destroy();
});
