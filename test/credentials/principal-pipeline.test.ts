// The one credential pipeline (issue #17): every scheme resolves through it, the store's cache below it never serves
// a revoked credential, and a write by another connection is seen from the next event-loop turn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { databaseFile } from '../../src/main.ts';
import { resolvePrincipal, type CredentialInput, type PrincipalDeps, type PrincipalResult } from '../../src/auth/principal.ts';
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

const none: CredentialInput = { sessionCookie: undefined, jwtCookie: undefined, visitorCookie: undefined, authorization: undefined, authToken: undefined, authTokenQuery: undefined, secure: false };
const resolve = (input: CredentialInput): Promise<PrincipalResult> => resolvePrincipal('studio', input, deps, verifyBasic);

before(async () => {
  t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  user = await createUser(t, { studio: 'Cache Studio' });
  const d = t.deps;
  deps = {
    sessions: d.sessions, clock: d.clock, store: d.store, keyring: d.keyring,
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

const SCHEMES = { cookie: 'session', token: 'token', query: 'token', jwt: 'jwt', jwtCookie: 'jwt', pat: 'pat', basic: 'basic' } as const;

test('every scheme resolves to a user Principal of that scheme, the same one each time (the cache changes nothing)', async () => {
  const inputs = await credentials();
  for (const [name, input] of Object.entries(inputs)) {
    const first = await resolve(input);
    assert.ok(first.kind === 'principal' && first.principal.kind === 'user', name);
    assert.equal(first.principal.scheme, SCHEMES[name as keyof typeof SCHEMES], name);
    assert.equal(first.principal.user.id, user.id, name);
    assert.equal(first.principal.studioId, user.studioId, name);
    const again = await resolve(input);
    if (name === 'basic' && again.kind === 'principal' && first.principal.kind === 'user' && again.principal.kind === 'user') {
      // Basic has no stored credential: its "authenticated at" is the moment of the request.
      assert.deepEqual({ ...again.principal, authenticatedAt: 0 }, { ...first.principal, authenticatedAt: 0 }, name);
    } else {
      assert.deepEqual(again, first, name);
    }
  }
  // A gallery route reads none of them: studio credentials are not a visitor's.
  for (const input of Object.values(inputs)) assert.deepEqual(await resolvePrincipal('visitor', input, deps, verifyBasic), { kind: 'anonymous' });
});

test('revocation through the store reaches the very next resolution, whatever the cache held', async () => {
  const inputs = await credentials();
  for (const input of Object.values(inputs)) assert.equal((await resolve(input)).kind, 'principal');

  await t.deps.sessions.revoke(sha256(inputs.token.authToken as string));
  assert.deepEqual(await resolve(inputs.token), { kind: 'failure', code: 'invalid_token' });

  for (const pat of await t.store.accessTokens.listAccessTokens(user.id)) await t.store.accessTokens.revokeAccessToken(user.id, pat.id, t.clock.now());
  assert.deepEqual(await resolve(inputs.pat), { kind: 'failure', code: 'invalid_token' });

  await t.store.users.setUserDisabled(user.id, t.clock.now());
  for (const [name, input] of Object.entries(inputs)) {
    assert.notEqual((await resolve(input).catch(() => ({ kind: 'failure' }))).kind, 'principal', name);
  }
  await t.store.users.setUserDisabled(user.id, null);
});

test('a write by another connection (the CLI) is seen from the next event-loop turn', async () => {
  const { cookie } = await credentials();
  assert.equal((await resolve(cookie)).kind, 'principal');
  assert.equal((await resolve(cookie)).kind, 'principal', 'now served from the cache');

  const other = new BetterSqlite3(databaseFile(t.config));
  other.prepare('DELETE FROM sessions WHERE id = ?').run(sha256(cookie.sessionCookie as string));
  other.close();
  // The foreign-write check runs once per event-loop turn (src/store/cache-context.ts).
  await new Promise((done) => setImmediate(done));
  assert.deepEqual(await resolve(cookie), { kind: 'failure', code: 'session_invalid' });
});
