// The whole app on a PostgreSQL store (issue #19): login, create and list clients, and two instances on one database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { apiAs } from '../helpers/studio-api.ts';
import { postgresSkip, withOutage, withTestDatabase } from '../helpers/postgres.ts';

const skip = await postgresSkip('the PostgreSQL app smoke test');

async function withApps(url: string, count: number, fn: (apps: TestApp[]) => Promise<void>): Promise<void> {
  const apps: TestApp[] = [];
  try {
    // One after the other is the ordinary start; concurrent starts are covered in test/store/postgres-store.test.ts.
    for (let i = 0; i < count; i++) apps.push(await buildTestApp({ store: { kind: 'postgres', url } }));
    await fn(apps);
  } finally {
    for (const t of apps) await t.close();
  }
}

describe('postgres: the app end to end', { skip }, () => {
  test('login, create a client, list and search clients; a duplicate is 409; /readyz is ready', () => withTestDatabase((database) => withApps(database.url, 1, async ([t]) => {
    if (!t) throw new Error('no app');
    const owner = await createUser(t, { studio: 'Postgres Studio', role: 'owner' });
    const session = await login(t, owner);
    assert.deepEqual((session.body.studios as Array<{ name: string }>).map((s) => s.name), ['Postgres Studio']);
    const api = apiAs(t, session);

    const created = await api('POST', '/api/v1/clients/', { email: 'Ada@Example.test', first_name: 'Ada', last_name: 'Lovelace', type: 'lead' });
    assert.equal(created.statusCode, 201, created.body);
    const ada = created.json().data;
    assert.equal(ada.created_at, new Date(t.clock.now()).toISOString(), 'int8 times come back as numbers');
    t.clock.advance(1);
    assert.equal((await api('POST', '/api/v1/clients/', { email: 'grace@example.test', first_name: 'Grace' })).statusCode, 201);

    const dup = await api('POST', '/api/v1/clients/', { email: 'ada@example.TEST' });
    assert.equal(dup.statusCode, 409, dup.body);
    assert.equal(dup.json().code, 'conflict');

    const list = await api('GET', '/api/v1/clients/?per_page=10');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().data.map((c: { email: string }) => c.email), ['grace@example.test', 'Ada@Example.test'], 'newest first');
    const search = await api('GET', '/api/v1/clients/?q=LOVELACE');
    assert.equal(search.statusCode, 200, search.body);
    assert.deepEqual(search.json().data.map((c: { id: string }) => c.id), [ada.id]);

    // PostgreSQL text cannot hold NUL: such input is the client's error, never a 500.
    const nul = await api('GET', '/api/v1/clients/?q=a%00b');
    assert.equal(nul.statusCode, 422, nul.body);
    assert.equal(nul.json().code, 'validation_failed');

    assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  })));

  test('two instances on one database: a login on one works on the other, a logout on one is refused on the other at once', () => withTestDatabase((database) => withApps(database.url, 2, async ([a, b]) => {
    if (!a || !b) throw new Error('no apps');
    const owner = await createUser(a, { studio: 'Shared Studio', role: 'owner' });
    const session = await login(a, owner);
    const onB = apiAs(b, session);
    assert.equal((await onB('POST', '/api/v1/clients/', { email: 'made-on-b@example.test' })).statusCode, 201, 'the CSRF key and the session are shared');
    const listed = await apiAs(a, session)('GET', '/api/v1/clients/');
    assert.deepEqual(listed.json().data.map((c: { email: string }) => c.email), ['made-on-b@example.test']);

    assert.equal((await apiAs(a, session)('POST', '/api/auth/logout')).statusCode, 200);
    // The PostgreSQL store is uncached, so no instance can keep a revoked session alive.
    const after = await onB('GET', '/api/v1/clients/');
    assert.equal(after.statusCode, 401, after.body);
    assert.equal(after.json().code, 'session_invalid');
  })));
});

describe('postgres: the app while the database is away', { skip }, () => {
  test('authenticated requests, logins and /readyz get 503 with Retry-After, never 500 or a success; both recover when it is back', () => withTestDatabase((database) => withOutage(database, async (outage) => {
    await withApps(outage.url, 1, async ([t]) => {
      if (!t) throw new Error('no app');
      const owner = await createUser(t, { studio: 'Outage Studio', role: 'owner' });
      const api = apiAs(t, await login(t, owner));
      assert.equal((await api('GET', '/api/v1/clients/')).statusCode, 200);

      await outage.stop();
      const loginAttempt = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: owner.password } });
      for (const res of [await api('GET', '/api/v1/clients/'), await api('POST', '/api/v1/clients/', { email: 'x@example.test' }), loginAttempt,
        await t.app.inject({ method: 'GET', url: '/readyz' })]) {
        assert.equal(res.statusCode, 503, res.body);
        assert.equal(res.json().code, 'unavailable');
        assert.equal(res.headers['retry-after'], '5');
        assert.equal(res.headers['set-cookie'], undefined, 'no cookie that would overwrite a good one (SECURITY-BAR R48)');
        assert.doesNotMatch(res.body, /ECONNREFUSED|127\.0\.0\.1|pg|postgres/i, 'no driver text');
      }

      await outage.start();
      assert.equal((await api('GET', '/api/v1/clients/')).statusCode, 200, 'the same session works again: nothing was lost');
      assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    });
  })));
});
