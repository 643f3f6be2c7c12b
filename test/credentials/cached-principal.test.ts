// The synchronous cached path of the credential pipeline (issue #6) answers exactly as the store-reading path does,
// and stands aside whenever the answer needs the store: a miss, a write due, a revocation, a foreign write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { databaseFile } from '../../src/main.ts';
import { resolveCachedPrincipal, resolvePrincipal, type CredentialInput, type PrincipalDeps } from '../../src/auth/principal.ts';
import { createAccessToken } from '../../src/auth/access-tokens.ts';
import { sha256 } from '../../src/auth/tokens.ts';
import type { UserRecord } from '../../src/store/types.ts';

let t: TestApp;
let user: TestUser;
let deps: PrincipalDeps;
const verifyBasic = async (): Promise<UserRecord> => {
  const found = await t.store.users.findUserById(user.id);
  if (!found) throw new Error('no such user');
  return found;
};

const none: CredentialInput = { sessionCookie: undefined, jwtCookie: undefined, authorization: undefined, authToken: undefined, authTokenQuery: undefined, secure: false };
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

before(async () => {
  t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  user = await createUser(t, { studio: 'Cache Studio' });
  const d = t.deps;
  deps = {
    sessions: d.store.sessions, clock: d.clock, policy: d.sessionPolicy, store: d.store, keyring: d.keyring,
    basic: { enabled: true, allowInsecure: true, cache: d.basicCache },
  };
});
after(async () => t.close());

type Inputs = Record<'cookie' | 'token' | 'query' | 'jwt' | 'jwtCookie' | 'pat' | 'basic', CredentialInput>;

async function credentials(): Promise<Inputs> {
  const body = { email: user.email, password: user.password };
  const cookie = await login(t, user);
  const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...body, mode: 'token' } })).json() as { token: string };
  const jwt = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: body })).json() as { access: string };
  const pat = await createAccessToken(t.store, t.clock, { userId: user.id, studioId: user.studioId, name: 'cache', scopes: ['account:read'], expiresAt: null });
  return {
    cookie: { ...none, sessionCookie: cookie.session },
    token: { ...none, authToken: token.token },
    query: { ...none, authTokenQuery: token.token },
    jwt: { ...none, authorization: `Bearer ${jwt.access}` },
    jwtCookie: { ...none, jwtCookie: jwt.access },
    pat: { ...none, authorization: `Bearer ${pat.token}` },
    basic: { ...none, authorization: `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}` },
  };
}

test('for every scheme, the cached path gives the very Principal the store-reading path gives', async () => {
  const inputs = await credentials();
  for (const [scheme, input] of Object.entries(inputs)) {
    const slow = await resolvePrincipal(input, deps, verifyBasic);
    assert.equal(slow.kind, 'principal', scheme);
    const fast = resolveCachedPrincipal(input, deps);
    assert.ok(fast, `${scheme}: answered from the cache once the store was read`);
    assert.deepEqual(fast, slow.kind === 'principal' ? slow.principal : null, scheme);
    assert.ok(Object.isFrozen(fast.user), `${scheme}: the cached user record is shared, so it is frozen`);
  }
});

test('the cached path stands aside when a write is due, and for anything but exactly one credential', async () => {
  const { cookie, token } = await credentials();
  assert.equal((await resolvePrincipal(cookie, deps, verifyBasic)).kind, 'principal');
  assert.ok(resolveCachedPrincipal(cookie, deps));
  // The last-seen time is due a write: only the store path records it.
  t.clock.advance(t.config.session.touchInterval + 1);
  assert.equal(resolveCachedPrincipal(cookie, deps), undefined);
  assert.equal((await resolvePrincipal(cookie, deps, verifyBasic)).kind, 'principal');
  assert.ok(resolveCachedPrincipal(cookie, deps), 'cached again once the touch was written');
  // Two credentials (precedence and ambiguity rules) and none at all are always decided by the full pipeline.
  assert.equal(resolveCachedPrincipal({ ...cookie, authToken: token.authToken }, deps), undefined);
  assert.equal(resolveCachedPrincipal(none, deps), undefined);
  // Malformed values never reach the cache.
  assert.equal(resolveCachedPrincipal({ ...none, authToken: 'not a token' }, deps), undefined);
});

test('revocation through the store reaches the cached path on the very next call', async () => {
  const inputs = await credentials();
  for (const input of Object.values(inputs)) await resolvePrincipal(input, deps, verifyBasic);
  for (const input of Object.values(inputs)) assert.ok(resolveCachedPrincipal(input, deps));

  await t.store.sessions.deleteSession(sha256(inputs.token.authToken as string));
  assert.equal(resolveCachedPrincipal(inputs.token, deps), undefined);
  const revoked = await resolvePrincipal(inputs.token, deps, verifyBasic);
  assert.deepEqual(revoked, { kind: 'failure', code: 'invalid_token' });

  const tokens = await t.store.accessTokens.listAccessTokens(user.id);
  for (const pat of tokens) await t.store.accessTokens.revokeAccessToken(user.id, pat.id, t.clock.now());
  assert.equal(resolveCachedPrincipal(inputs.pat, deps), undefined);

  await t.store.users.setUserDisabled(user.id, t.clock.now());
  for (const [scheme, input] of Object.entries(inputs)) {
    assert.equal(resolveCachedPrincipal(input, deps), undefined, scheme);
    assert.notEqual((await resolvePrincipal(input, deps, verifyBasic).catch(() => ({ kind: 'failure' }))).kind, 'principal', scheme);
  }
  await t.store.users.setUserDisabled(user.id, null);
});

test('a write by another connection (the CLI) is seen by the cached path from the next event-loop turn', async () => {
  const { cookie } = await credentials();
  assert.equal((await resolvePrincipal(cookie, deps, verifyBasic)).kind, 'principal');
  await nextTurn();
  assert.ok(resolveCachedPrincipal(cookie, deps));

  const other = new BetterSqlite3(databaseFile(t.config));
  other.prepare('DELETE FROM sessions WHERE id = ?').run(sha256(cookie.sessionCookie as string));
  other.close();
  await nextTurn();
  assert.equal(resolveCachedPrincipal(cookie, deps), undefined);
  assert.deepEqual(await resolvePrincipal(cookie, deps, verifyBasic), { kind: 'failure', code: 'session_invalid' });
});
