// ClientStore on a real in-memory SQLite: studio scoping of every method, literal LIKE wildcards, unique email per studio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../sqlite/open.ts';
import { AppError } from '../../errors.ts';
import type { ClientFields } from '../types.ts';
import { likeContains } from './clients.ts';

const FIELDS: ClientFields = { email: 'a@example.test', firstName: 'Ann', lastName: 'Lee', phone: null, type: 'client', statusName: null, notes: null };

test('likeContains escapes %, _ and the escape character itself', () => {
  assert.equal(likeContains('100%'), '%100\\%%');
  assert.equal(likeContains('a_b'), '%a\\_b%');
  assert.equal(likeContains('c:\\x'), '%c:\\\\x%');
  assert.equal(likeContains('ÉMILE'), '%émile%');
});

test('every ClientStore method is scoped to its studio', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.migrate();
    const a = await store.studios.createStudio({ name: 'A', slug: 'a', now: 1 });
    const b = await store.studios.createStudio({ name: 'B', slug: 'b', now: 1 });
    const inB = await store.clients.createClient(b.id, FIELDS, 5);
    assert.equal(await store.clients.findClient(a.id, inB.id), null);
    assert.equal(await store.clients.updateClient(a.id, inB.id, { ...FIELDS, firstName: 'X' }, 6), null);
    assert.equal(await store.clients.deleteClient(a.id, inB.id), false);
    assert.equal((await store.clients.listClients(a.id, { types: null, search: null }, { limit: 10, offset: 0 })).total, 0);
    assert.deepEqual(await store.clients.findClient(b.id, inB.id), inB);

    await store.clients.createClient(a.id, FIELDS, 5); // the same email in another studio is fine
    await assert.rejects(store.clients.createClient(a.id, { ...FIELDS, email: 'A@EXAMPLE.TEST' }, 6), (e: unknown) => e instanceof AppError && e.code === 'conflict');
    const found = await store.clients.listClients(a.id, { types: ['client'], search: 'ann lee' }, { limit: 10, offset: 0 });
    assert.equal(found.total, 1);
    const wildcard = await store.clients.listClients(a.id, { types: null, search: '%' }, { limit: 10, offset: 0 });
    assert.equal(wildcard.total, 0);
  } finally {
    await store.close();
  }
});
