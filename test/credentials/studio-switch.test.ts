// Studio authentication (issue #17): a switch re-issues the credential in the other studio but carries over when the
// user last proved their password and when the session ends; it never renews either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

let t: TestApp;
let alice: TestUser;
let studioB: string;

before(async () => {
  t = await buildTestApp();
  alice = await createUser(t, { studio: 'Alpha Studio', role: 'owner' });
  const bob = await createUser(t, { studio: 'Bravo Studio', role: 'owner' });
  studioB = bob.studioId as string;
  await t.store.studios.putMembership({ studioId: studioB, userId: alice.id, role: 'member', now: t.clock.now() });
});
after(async () => t.close());

test('a studio switch never renews the re-authentication time or the absolute expiry (cookie and JWT)', async () => {
  const sessionOf = async (id: string) => {
    const found = await t.store.sessions.findSession(id);
    assert.ok(found, 'the session exists');
    return found;
  };
  const s = await login(t, alice);
  const before = await sessionOf(sha256(s.session));
  t.clock.advance(10 * 60);
  const switched = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${studioB}/login`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  assert.equal(switched.statusCode, 200, switched.body);
  const cookie = setCookies(switched).find((c) => c.name === 'sessionid');
  assert.ok(cookie);
  const after = await sessionOf(sha256(cookie.value));
  assert.notEqual(after.id, before.id, 'a new session id');
  assert.equal(after.studioId, studioB);
  assert.equal(after.createdAt, before.createdAt, 'authenticated when the password was typed, not at the switch');
  assert.equal(after.expiresAt, before.expiresAt, 'the absolute lifetime runs from the login');
  // The re-authentication window (15 min) counts from the login: 16 minutes after it, minting a token asks again.
  t.clock.advance(6 * 60);
  const headers = { cookie: `sessionid=${cookie.value}; csrftoken=${switched.json().csrf_token}`, 'x-csrf-token': switched.json().csrf_token as string };
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'late', scopes: ['account:read'] } }), 403, 'reauth_required');

  const obtained = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: { email: alice.email, password: alice.password } });
  const family = await sessionOf(JSON.parse(Buffer.from((obtained.json().access as string).split('.')[1] ?? '', 'base64url').toString()).sid);
  t.clock.advance(60); // within the access token's lifetime
  const jwtSwitch = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${studioB}/login`, headers: { authorization: `Bearer ${obtained.json().access}` } });
  assert.equal(jwtSwitch.statusCode, 200, jwtSwitch.body);
  const next = await sessionOf(JSON.parse(Buffer.from((jwtSwitch.json().access as string).split('.')[1] ?? '', 'base64url').toString()).sid);
  assert.notEqual(next.id, family.id, 'a new token family');
  assert.deepEqual([next.createdAt, next.expiresAt], [family.createdAt, family.expiresAt]);
  assert.equal(await t.store.sessions.findSession(family.id), null, 'the old family is revoked');
});
