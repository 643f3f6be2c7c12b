// Issue #3: PhotoShelter-style token mode, organization (studio) authentication and mixed-credential refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError, withoutRequestId } from '../helpers/http.ts';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let studioB: string;

before(async () => {
  t = await buildTestApp({ session: { idleTimeout: 60, absoluteTimeout: 600 } });
  alice = await createUser(t, { studio: 'Alpha Studio', role: 'owner' });
  bob = await createUser(t, { studio: 'Bravo Studio', role: 'owner' });
  studioB = bob.studioId as string;
  await t.store.studios.putMembership({ studioId: studioB, userId: alice.id, role: 'member', now: t.clock.now() });
});
after(async () => t.close());

async function tokenLogin(user: TestUser, form = false): Promise<{ token: string; body: Record<string, unknown> }> {
  const res = form
    ? await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}&mode=token` })
    : await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password, mode: 'token' } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(setCookies(res).length, 0, 'token mode sets no cookie');
  const body = res.json() as Record<string, unknown>;
  return { token: body.token as string, body };
}

test('token mode login returns a token, its expiry, the user and every studio', async () => {
  const { token, body } = await tokenLogin(alice, true);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(Date.parse(body.expires_at as string) > t.clock.now());
  assert.equal((body.user as { email: string }).email, alice.email);
  const studios = body.studios as Array<{ id: string; name: string; role: string }>;
  assert.deepEqual(studios.map((s) => [s.name, s.role]).sort(), [['Alpha Studio', 'owner'], ['Bravo Studio', 'member']]);
});

test('the token authenticates from X-Auth-Token, Bearer and ?auth_token, without cookies or CSRF', async () => {
  const { token } = await tokenLogin(alice);
  for (const req of [
    { url: '/api/auth/me', headers: { 'x-auth-token': token } },
    { url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } },
    { url: `/api/auth/me?auth_token=${token}`, headers: {} },
  ]) {
    const res = await t.app.inject({ method: 'GET', ...req });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().auth.scheme, 'token');
    assert.equal(setCookies(res).length, 0, 'no cookie is ever made from a token');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'same-origin', 'the URL (with its auth_token) is never sent to another site');
  }
  // Unsafe request without any CSRF header: the token is not ambient.
  const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-auth-token': token } });
  assert.equal(out.statusCode, 200, out.body);
  assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } }), 401, 'invalid_token');
});

test('the token stays constant, expires when idle, and the query form can be switched off', async () => {
  const { token } = await tokenLogin(alice);
  t.clock.advance(50);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } })).statusCode, 200);
  t.clock.advance(50);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } })).statusCode, 200, 'activity keeps it alive');
  t.clock.advance(61);
  assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } }), 401, 'invalid_token');

  const strict = await buildTestApp({ auth: { tokenQueryParam: false } });
  try {
    const u = await createUser(strict);
    const res = await strict.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, mode: 'token' } });
    const tok = res.json().token as string;
    assertJsonError(await strict.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${tok}` }), 401, 'authentication_required');
    assert.equal((await strict.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': tok } })).statusCode, 200);
  } finally {
    await strict.close();
  }
});

test('auth_token never appears in the logs', async () => {
  const { token } = await tokenLogin(alice);
  await t.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${token}` });
  assert.ok(!t.logs.text().includes(token), 'the token is redacted from access logs');
  assert.match(t.logs.text(), /auth_token=\[REDACTED\]/);
});

test('studio authentication: token keeps its value, a cookie session is re-issued, non-members get one 403', async () => {
  const { token } = await tokenLogin(alice);
  const sw = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${studioB}/login`, headers: { 'x-auth-token': token } });
  assert.equal(sw.statusCode, 200, sw.body);
  assert.equal(sw.json().studio.id, studioB);
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } });
  assert.equal(me.json().studio.id, studioB);
  assert.equal(me.json().studio.role, 'member');

  const s = await login(t, alice);
  const switched = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${studioB}/login/`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  assert.equal(switched.statusCode, 200, switched.body);
  const newSession = setCookies(switched).find((c) => c.name === 'sessionid');
  assert.ok(newSession && newSession.value !== s.session, 'a new session id');
  assert.notEqual(switched.json().csrf_token, s.csrf, 'a new CSRF token');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 401, 'the old cookie is dead');
  const newMe = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${newSession.value}` } });
  assert.equal(newMe.json().studio.id, studioB);

  const other = await createUser(t, { studio: 'Charlie Studio' });
  const forbidden = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${other.studioId}/login`, headers: { 'x-auth-token': token } });
  const missing = await t.app.inject({ method: 'POST', url: '/api/auth/studios/st_0000000000000000000000/login', headers: { 'x-auth-token': token } });
  assertJsonError(forbidden, 403, 'studio_access_denied');
  assert.deepEqual(withoutRequestId(forbidden.json()), withoutRequestId(missing.json()), 'no existence oracle');
});

test('mixed credentials are refused deterministically', async () => {
  const a = await login(t, alice);
  const { token: bobToken } = await tokenLogin(bob);
  const { token: aliceToken } = await tokenLogin(alice);
  assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie, 'x-auth-token': bobToken } }), 400, 'ambiguous_credentials');
  assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': aliceToken, authorization: `Bearer ${bobToken}` } }), 400, 'ambiguous_credentials');
  assertJsonError(await t.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${aliceToken}&auth_token=${bobToken}` }), 400, 'ambiguous_credentials');
  assertJsonError(await t.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${bobToken}`, headers: { 'x-auth-token': aliceToken } }), 400, 'ambiguous_credentials');
  const basic = `Basic ${Buffer.from(`${alice.email}:${alice.password}`).toString('base64')}`;
  assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': aliceToken, authorization: basic } }), 400, 'ambiguous_credentials');
  // One token offered in two places is one credential.
  const twice = await t.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${aliceToken}`, headers: { 'x-auth-token': aliceToken, authorization: `Bearer ${aliceToken}` } });
  assert.equal(twice.statusCode, 200, twice.body);
  assert.equal(twice.json().user.id, alice.id);
  // A bad header credential is never rescued by a good cookie.
  const garbage = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: a.cookie, authorization: 'Bearer garbage' } });
  assertJsonError(garbage, 401, 'invalid_token');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode, 200, 'the session survived');
  // Same user in cookie and header: the header credential acts, so no CSRF is needed.
  const same = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie, 'x-auth-token': aliceToken } });
  assert.equal(same.json().auth.scheme, 'token');
});
