// Issue #3: HTTP Basic (opt-in, HTTPS-only, cached), mandatory application keys and scoped personal access tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, login, type TestApp, withTestApp } from '../helpers/app.ts';
import { assertJsonError, maskRequestId } from '../helpers/http.ts';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('Basic is off by default: a valid Basic header is a 401, never anonymous, and never a Basic challenge', async () => {
  await withTestApp({}, async (t) => {
    const u = await createUser(t, { studio: 'B0' });
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password) } });
    assertJsonError(res, 401, 'basic_auth_disabled');
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="lightbox"');
  });
});

test('Basic over plain HTTP is refused before the password is checked; HTTPS via a trusted proxy works', async () => {
  await withTestApp({ auth: { basic: { enabled: true } }, server: { trustProxy: ['10.9.9.9'] } }, async (t) => {
    const u = await createUser(t, { studio: 'B1' });
    const right = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password) } });
    const wrong = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, 'nope') } });
    assertJsonError(right, 403, 'https_required');
    assert.equal(maskRequestId(right.body), maskRequestId(wrong.body), 'the password is not evaluated');
    assert.match(right.json().message, /HTTPS/);
    const spoofed = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password), 'x-forwarded-proto': 'https' } });
    assertJsonError(spoofed, 403, 'https_required');
    const proxied = await t.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.9.9.9', headers: { authorization: basic(u.username, u.password), 'x-forwarded-proto': 'https' } });
    assert.equal(proxied.statusCode, 200, proxied.body);
    assert.equal(proxied.json().auth.scheme, 'basic');
    assert.equal(proxied.json().studio.name, 'B1');
  });
});

test('Basic (allowInsecure): strict parser, password with colons, cache invalidated by a password change', async () => {
  await withTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } }, async (t) => {
    const u = await createUser(t, { studio: 'B2', password: 'pass:word with a colon inside' });
    const ok = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password) } });
    assert.equal(ok.statusCode, 200, ok.body);
    const lower = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password).replace('Basic', 'basic') } });
    assert.equal(lower.statusCode, 200, 'the scheme is case-insensitive');
    for (const bad of ['Basic', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`, 'Basic dXNlcjpwYXNz=', `Basic ${'A'.repeat(8192)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: bad } });
      assert.equal(res.statusCode, 401, `${bad.slice(0, 30)} → ${res.statusCode}`);
    }
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, 'wrong password here') } }), 401, 'invalid_credentials');
    // Change the password behind the cache's back: the cached verification must not survive it.
    await t.store.users.updatePasswordHash(u.id, await t.deps.hasher.hash('a completely different passphrase'), t.clock.now());
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, u.password) } })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, 'a completely different passphrase') } })).statusCode, 200);
    await t.store.users.setUserDisabled(u.id, t.clock.now());
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic(u.email, 'a completely different passphrase') } })).statusCode, 401, 'disabled users drop out of the cache');
  });
});

test('application keys: required on /api/ when configured, named in the error, revocable at once', async () => {
  await withTestApp({ auth: { requireAppKey: true } }, async (t) => {
    const u = await createUser(t, { studio: 'Keys' });
    const missing = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } });
    assertJsonError(missing, 401, 'api_key_required');
    assert.match(missing.json().message, /X-Api-Key/);
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'non-API routes need no key');
    // Bootstrap the first key from a session (the web pages need no key).
    const page = await t.app.inject({ method: 'POST', url: '/login', payload: { email: u.email, password: u.password } });
    const cookie = page.headers['set-cookie'] as string[];
    const session = cookie.map((c) => c.split(';')[0]).join('; ');
    const csrf = (page.json() as { csrf_token: string }).csrf_token;
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/app-keys', headers: { cookie: session, 'x-csrf-token': csrf }, payload: { name: 'x' } }), 401, 'api_key_required');
    const { key, record } = await import('../../src/auth/access-tokens.ts').then((m) => m.createAppKey(t.store, t.clock, { studioId: u.studioId as string, createdBy: u.id, name: 'first' }));
    assert.match(key, /^lbx_app_[A-Za-z0-9_-]{43}$/);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/app-keys', headers: { cookie: session, 'x-csrf-token': csrf, 'x-api-key': key }, payload: { name: 'Lightroom plugin' } });
    assert.equal(created.statusCode, 201, created.body);
    const second = created.json().data.key as string;
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/app-keys', headers: { cookie: session, 'x-api-key': second } });
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(second) && !list.body.includes(key), 'secrets are shown once');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session, 'x-api-key': 'lbx_app_nope' } }), 401, 'invalid_api_key');
    assertJsonError(await t.app.inject({ method: 'GET', url: `/api/auth/me?api_key=${key}`, headers: { cookie: session } }), 401, 'api_key_required');
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/app-keys/${record.id}`, headers: { cookie: session, 'x-csrf-token': csrf, 'x-api-key': second } });
    assert.equal(revoke.statusCode, 204, revoke.body);
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session, 'x-api-key': key } }), 401, 'invalid_api_key');
    const db = await import('node:fs').then((fs) => fs.readFileSync(`${t.dataDir}/lightbox.db`));
    assert.ok(!db.includes(Buffer.from(second)), 'the store holds no raw key');
  });
});

test('personal access tokens: scoped, shown once, revocable, and minting needs a fresh login', async () => {
  await withTestApp({}, async (t) => {
    const u = await createUser(t, { studio: 'Pats' });
    const s = await login(t, u);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'backup script', scopes: ['account:read', 'clients:read'] } });
    assert.equal(created.statusCode, 201, created.body);
    const pat = created.json().data.token as string;
    assert.match(pat, /^lbx_pat_[A-Za-z0-9_-]{43}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${pat}` } });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(me.json().auth, { scheme: 'pat', studio: u.studioId, scopes: ['account:read', 'clients:read'] });
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { authorization: `Bearer ${pat}` } })).statusCode, 200);
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/clients/', headers: { authorization: `Bearer ${pat}` }, payload: { email: 'c@example.test', first_name: 'C' } });
    assertJsonError(denied, 403, 'insufficient_scope');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers: { authorization: `Bearer ${pat}` }, payload: { name: 'x', scopes: ['account:read'] } }), 403, 'insufficient_scope');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'x', scopes: ['root:everything'] } }), 422, 'validation_failed');

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/access-tokens', headers: { cookie: s.cookie } });
    assert.ok(!list.body.includes(pat));
    const id = created.json().data.id as string;
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/access-tokens/${id}`, headers })).statusCode, 204);
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${pat}` } }), 401, 'invalid_token');

    t.clock.advance(20 * 60);
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'late', scopes: ['account:read'] } }), 403, 'reauth_required');
    const confirmed = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'late', scopes: ['account:read'], current_password: u.password } });
    assert.equal(confirmed.statusCode, 201, confirmed.body);
  });
});
