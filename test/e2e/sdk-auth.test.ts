// issue #5: the SDK against a live server: every auth scheme, re-login after the session is deleted, JWT refresh and rotation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { createClient, LightboxError, type LightboxClient } from '../../src/client/index.ts';
import { databaseFile } from '../../src/main.ts';
import { createAppKey } from '../../src/auth/access-tokens.ts';
import { createUser, type TestUser } from '../helpers/app.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

/** Deletes every server-side session: what an administrator's revoke or a server-side expiry sweep leaves behind. */
function deleteAllSessions(s: LiveServer): void {
  const db = new BetterSqlite3(databaseFile(s.config));
  try {
    db.prepare('DELETE FROM sessions').run();
  } finally {
    db.close();
  }
}

function countingFetch(log: Array<{ method: string; path: string; status: number }>): (input: string, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const res = await fetch(input, init);
    log.push({ method: init.method ?? 'GET', path: new URL(input).pathname, status: res.status });
    return res;
  };
}

describe('SDK authentication against a live server', () => {
  let s: LiveServer;
  let user: TestUser;
  before(async () => {
    s = await startLiveServer({ auth: { basic: { enabled: true, allowInsecure: true } } });
    user = await createUser(s, { studio: 'SDK Studio' });
  });
  after(async () => s.close());

  test('session: logs in lazily, sends the CSRF header on writes, reports the scheme; logout ends the session', async () => {
    const client = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: user.password } });
    const me = await client.me();
    assert.equal(me.user.email, user.email);
    assert.equal(me.auth.scheme, 'session');
    const created = await client.clients.create({ email: 'ann@example.test', first_name: 'Ann' });
    assert.match(created.id, /^cl_/);
    await client.logout();
    await client.logout(); // nothing left to end: a no-op
  });

  test('session: after the server-side session is deleted, the next call logs in again by itself, once', async () => {
    const calls: Array<{ method: string; path: string; status: number }> = [];
    const client = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: user.password }, fetch: countingFetch(calls) });
    await client.clients.list();
    deleteAllSessions(s);
    calls.length = 0;
    const page = await client.clients.list();
    assert.ok(Array.isArray(page.data));
    assert.deepEqual(calls.map((c) => `${c.method} ${c.path} ${c.status}`), ['GET /api/v1/clients 401', 'POST /api/auth/login 201', 'GET /api/v1/clients 200']);
    // A write after re-login carries the new CSRF token.
    assert.match((await client.clients.create({ email: 'relogin@example.test' })).id, /^cl_/);
  });

  test('session: wrong password is reported as a LightboxError, not retried', async () => {
    const client = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: 'not the password at all' } });
    await assert.rejects(client.me(), (err: unknown) => err instanceof LightboxError && err.status === 401 && err.code === 'invalid_credentials');
  });

  test('token mode: X-Auth-Token, logs in again once on 401; a saved token without credentials reports the 401', async () => {
    const calls: Array<{ method: string; path: string; status: number }> = [];
    const client = createClient({ baseUrl: s.url, auth: { type: 'token', email: user.email, password: user.password }, fetch: countingFetch(calls) });
    assert.equal((await client.me()).auth.scheme, 'token');
    deleteAllSessions(s);
    assert.equal((await client.me()).auth.scheme, 'token');
    assert.deepEqual(calls.map((c) => `${c.path} ${c.status}`).slice(-3), ['/api/auth/me 401', '/api/auth/login 200', '/api/auth/me 200']);

    const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password, mode: 'token' }) });
    const { token } = (await login.json()) as { token: string };
    const saved = createClient({ baseUrl: s.url, auth: { type: 'token', token } });
    assert.equal((await saved.me()).auth.scheme, 'token');
    await saved.logout();
    const stale = createClient({ baseUrl: s.url, auth: { type: 'token', token } });
    await assert.rejects(stale.me(), (err: unknown) => err instanceof LightboxError && err.status === 401);
  });

  test('JWT: Bearer access; refreshes on 401 and stores the rotated refresh token (the old one is burnt)', async () => {
    const calls: Array<{ method: string; path: string; status: number }> = [];
    const client = createClient({ baseUrl: s.url, auth: { type: 'jwt', username: user.username, password: user.password }, fetch: countingFetch(calls), now: () => s.clock.now() });
    assert.equal((await client.me()).auth.scheme, 'jwt');
    // The server's clock moves past the 5-minute access lifetime; the client's clock does not notice: the 401 path.
    const frozen = s.clock.now();
    const lagging = createClient({ baseUrl: s.url, auth: { type: 'jwt', username: user.username, password: user.password }, fetch: countingFetch(calls), now: () => frozen });
    await lagging.me();
    s.clock.advance(6 * 60);
    calls.length = 0;
    assert.equal((await lagging.me()).auth.scheme, 'jwt');
    assert.deepEqual(calls.map((c) => `${c.path} ${c.status}`), ['/api/auth/me 401', '/api/auth/token/refresh/ 200', '/api/auth/me 200']);
    // Two more refreshes in a row only work if each stored the new refresh token (reuse would revoke the family).
    for (let i = 0; i < 2; i++) {
      s.clock.advance(6 * 60);
      calls.length = 0;
      await lagging.clients.list();
      assert.deepEqual(calls.map((c) => c.status), [401, 200, 200]);
    }
    await client.logout();
  });

  test('JWT: refreshes before expiry, without a failed request first', async () => {
    const calls: Array<{ method: string; path: string; status: number }> = [];
    const client = createClient({ baseUrl: s.url, auth: { type: 'jwt', email: user.email, password: user.password }, fetch: countingFetch(calls), now: () => s.clock.now() });
    await client.me();
    s.clock.advance(5 * 60 - 10); // inside the refresh margin, still valid on the server
    calls.length = 0;
    await client.me();
    assert.deepEqual(calls.map((c) => `${c.path} ${c.status}`), ['/api/auth/token/refresh/ 200', '/api/auth/me 200']);
  });

  test('personal access token and HTTP Basic', async () => {
    const owner: LightboxClient = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: user.password } });
    const pat = await owner.accessTokens.create({ name: 'sdk test', scopes: ['account:read', 'clients:read'] });
    assert.match(pat.token ?? '', /^lbx_pat_/);
    const viaPat = createClient({ baseUrl: s.url, auth: { type: 'pat', token: pat.token ?? '' } });
    assert.equal((await viaPat.me()).auth.scheme, 'pat');
    await assert.rejects(viaPat.clients.create({ email: 'nope@example.test' }), (err: unknown) => err instanceof LightboxError && err.status === 403 && err.code === 'insufficient_scope');
    assert.ok((await owner.accessTokens.list()).some((t) => t.id === pat.id));
    await owner.accessTokens.revoke(pat.id);
    await assert.rejects(viaPat.me(), (err: unknown) => err instanceof LightboxError && err.status === 401);

    const basic = createClient({ baseUrl: s.url, auth: { type: 'basic', username: user.username, password: user.password } });
    assert.equal((await basic.me()).auth.scheme, 'basic');
  });

  test('application keys: created, required via X-Api-Key when configured, revoked', async () => {
    const owner = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: user.password } });
    const key = await owner.appKeys.create({ name: 'SDK app' });
    assert.match(key.key ?? '', /^lbx_app_/);
    assert.ok((await owner.appKeys.list()).some((k) => k.id === key.id && k.key === undefined));
    const strict = await startLiveServer({ auth: { requireAppKey: true } });
    try {
      const u = await createUser(strict, { studio: 'Keyed' });
      const bare = createClient({ baseUrl: strict.url, auth: { type: 'token', email: u.email, password: u.password } });
      await assert.rejects(bare.me(), (err: unknown) => err instanceof LightboxError && err.status === 401 && err.code === 'api_key_required');
      const { key: appKey } = await createAppKey(strict.store, strict.clock, { studioId: u.studioId ?? '', createdBy: u.id, name: 'Keyed app' });
      const keyed = createClient({ baseUrl: strict.url, appKey, auth: { type: 'token', email: u.email, password: u.password } });
      assert.equal((await keyed.me()).user.email, u.email);
    } finally {
      await strict.close();
    }
    await owner.appKeys.revoke(key.id);
    assert.ok((await owner.appKeys.list()).find((k) => k.id === key.id)?.revoked);
  });
});
