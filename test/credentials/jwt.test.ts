// Issue #3: LibrePhotos-style JWT access and refresh tokens: rotation, reuse detection, forgery, key rotation, the jwt cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair, decodeProtectedHeader, decodeJwt } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError } from '../helpers/http.ts';

let t: TestApp;
let user: TestUser;

before(async () => {
  t = await buildTestApp();
  user = await createUser(t, { studio: 'Jay Studio' });
});
after(async () => t.close());

async function obtain(): Promise<{ access: string; refresh: string; csrf: string; jwtCookie: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { username: user.username, password: user.password } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { access: string; refresh: string; csrf_token: string };
  const cookie = setCookies(res).find((c) => c.name === 'jwt');
  assert.ok(cookie, 'the jwt cookie is set');
  assert.equal(cookie.value, body.access);
  assert.equal(cookie.attributes.httponly, true);
  assert.equal(cookie.attributes.samesite, 'Lax');
  assert.ok(Number(cookie.attributes['max-age']) <= 300, 'the cookie never outlives the token');
  return { access: body.access, refresh: body.refresh, csrf: body.csrf_token, jwtCookie: cookie.value };
}

const me = (headers: Record<string, string>): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });

test('obtain gives an EdDSA access token with the documented claims; Bearer authenticates', async () => {
  const { access } = await obtain();
  const header = decodeProtectedHeader(access);
  assert.equal(header.alg, 'EdDSA');
  assert.equal(header.typ, 'at+jwt');
  const claims = decodeJwt(access);
  for (const c of ['iss', 'aud', 'sub', 'sid', 'jti', 'iat', 'exp', 'studio']) assert.ok(claims[c] !== undefined, `claim ${c}`);
  assert.equal(claims.sub, user.id);
  assert.equal(claims.studio, user.studioId);
  assert.equal((claims.exp as number) - (claims.iat as number), 300, 'five minutes by default');
  const res = await me({ authorization: `Bearer ${access}` });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().auth.scheme, 'jwt');
  const jwks = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  assert.ok(jwks.json().keys.some((k: { kid: string; d?: string }) => k.kid === header.kid && k.d === undefined), 'public key only');
});

test('refresh rotates; replaying a used refresh token revokes the whole family', async () => {
  const first = await obtain();
  const r1 = await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: first.refresh } });
  assert.equal(r1.statusCode, 200, r1.body);
  const second = r1.json() as { access: string; refresh: string };
  assert.notEqual(second.refresh, first.refresh);
  assert.ok(setCookies(r1).some((c) => c.name === 'jwt' && c.value === second.access), 'the jwt cookie is renewed');
  assert.equal((await me({ authorization: `Bearer ${second.access}` })).statusCode, 200);

  const replay = await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: first.refresh } });
  assertJsonError(replay, 401, 'invalid_token');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: second.refresh } }), 401, 'invalid_token');
  assertJsonError(await me({ authorization: `Bearer ${second.access}` }), 401, 'invalid_token');
  assert.ok(t.logs.records().some((r) => r.event === 'refresh_token_reuse'), 'reuse is a logged security event');
});

test('two parallel refreshes with one token: at most one succeeds', async () => {
  const { refresh } = await obtain();
  const results = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh } })));
  assert.ok(results.filter((r) => r.statusCode === 200).length <= 1);
});

test('an access token is not a refresh token, and a refresh token is not an access token', async () => {
  const { access, refresh } = await obtain();
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: access } }), 401, 'invalid_token');
  assertJsonError(await me({ authorization: `Bearer ${refresh}` }), 401, 'invalid_token');
});

test('forged tokens fail: alg none, stripped or foreign signature, tampered claims, hostile kid, wrong audience', async () => {
  const { access } = await obtain();
  const [h, p] = access.split('.') as [string, string, string];
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = decodeJwt(access);
  const header = decodeProtectedHeader(access);
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const foreign = await new SignJWT({ ...claims }).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(privateKey);
  const hs = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: header.kid as string }).sign(new TextEncoder().encode('x'.repeat(32)));
  const forged = [
    ...['none', 'None', 'NONE', 'nOnE'].map((alg) => `${b64({ alg, typ: 'at+jwt' })}.${p}.`),
    `${h}.${p}.`,
    `${h}.${b64({ ...claims, sub: 'us_0000000000000000000000' })}.${access.split('.')[2]}`,
    `${h}.${b64({ ...claims, studio: 'st_0000000000000000000000' })}.${access.split('.')[2]}`,
    foreign,
    hs,
    `${b64({ ...header, kid: "../../../../dev/null' OR '1'='1" })}.${p}.${access.split('.')[2]}`,
    `${b64({ ...header, kid: 'k'.repeat(10_000) })}.${p}.${access.split('.')[2]}`,
    'a.b', 'a.b.c.d', `${access}x`,
  ];
  for (const token of forged) {
    const res = await me({ authorization: `Bearer ${token}` });
    assert.equal(res.statusCode, 401, `${token.slice(0, 40)}… → ${res.statusCode}`);
  }
  const wrongAud = await new SignJWT({ ...claims, aud: 'someone-else' }).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(privateKey);
  assert.equal((await me({ authorization: `Bearer ${wrongAud}` })).statusCode, 401);
});

test('the verified-token cache answers only for the exact token: its signature under other claims fails', async () => {
  const { access } = await obtain();
  const [h, , sig] = access.split('.') as [string, string, string];
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = decodeJwt(access);
  assert.equal((await me({ authorization: `Bearer ${access}` })).statusCode, 200); // now cached
  assert.ok(t.deps.keyring.cachedClaims(access), 'the verified token is cached');
  const other = await createUser(t, { studio: 'Other Studio' });
  const tampered = [
    `${h}.${b64({ ...claims, sub: other.id })}.${sig}`,
    `${b64({ ...decodeProtectedHeader(access), extra: 1 })}.${access.split('.')[1]}.${sig}`,
  ];
  for (const token of tampered) {
    assert.equal(t.deps.keyring.cachedClaims(token), undefined, 'no cache hit for a token that was never verified');
    assertJsonError(await me({ authorization: `Bearer ${token}` }), 401, 'invalid_token');
  }
  // Characters outside base64url are refused (the shape is checked before the verifier runs).
  for (const token of [`${access}=`, `${h}.${access.split('.')[1]}.${sig.slice(0, 10)}+${sig.slice(11)}`, `${h}.${access.split('.')[1]} .${sig}`]) {
    assert.equal(await t.deps.keyring.verify(token), null, token.slice(-20));
  }
  // The genuine token still answers from the cache, unchanged by the attempts.
  assert.equal(t.deps.keyring.cachedClaims(access)?.sub, claims.sub);
  assert.equal((await me({ authorization: `Bearer ${access}` })).json().user.id, claims.sub);
});

test('expired access tokens fail; a key rotated out stops verifying; a new key keeps working', async () => {
  const { access, refresh } = await obtain();
  t.clock.advance(301 + 5);
  assertJsonError(await me({ authorization: `Bearer ${access}` }), 401, 'invalid_token');
  const r = await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh } });
  const fresh = r.json().access as string;
  assert.equal((await me({ authorization: `Bearer ${fresh}` })).statusCode, 200);

  await t.deps.keyring.rotate(); // the old key is retired but still verifies for one access-token lifetime
  assert.equal((await me({ authorization: `Bearer ${fresh}` })).statusCode, 200, 'retired keys verify during the grace period');
  // One access-token lifetime (plus leeway) later the next rotation drops the first key entirely; going back in time
  // shows the token now fails because its key is gone, not because it expired.
  t.clock.advance(306);
  await t.deps.keyring.rotate();
  t.clock.advance(-306);
  assertJsonError(await me({ authorization: `Bearer ${fresh}` }), 401, 'invalid_token');
});

test('the jwt cookie authenticates, needs CSRF on unsafe requests, and logout revokes the family', async () => {
  const { jwtCookie, csrf, refresh, access } = await obtain();
  assert.equal((await me({ cookie: `jwt=${jwtCookie}` })).statusCode, 200);
  assertCSRFFailed(await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `jwt=${jwtCookie}` } }));
  const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `jwt=${jwtCookie}`, 'x-csrftoken': csrf } });
  assert.equal(out.statusCode, 200, out.body);
  assert.ok(setCookies(out).some((c) => c.name === 'jwt' && c.attributes['max-age'] === '0'), 'the jwt cookie is cleared');
  assertJsonError(await me({ authorization: `Bearer ${access}` }), 401, 'invalid_token');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh } }), 401, 'invalid_token');
});

test('a disabled user loses JWT access on the next request', async () => {
  const other = await createUser(t, { studio: 'Disabled Studio' });
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: other.email, password: other.password } });
  const access = res.json().access as string;
  assert.equal((await me({ authorization: `Bearer ${access}` })).statusCode, 200);
  await t.store.users.setUserDisabled(other.id, t.clock.now());
  assert.equal((await me({ authorization: `Bearer ${access}` })).statusCode, 401);
});
