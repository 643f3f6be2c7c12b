// issue #22: SECURITY-BAR R27, claims are validated even on tokens carrying a genuine signature. Grey-box: the test
// signs with the server's own current key (read from the store), so only claim validation can refuse these tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from 'jose';
import { buildTestApp, createUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('R27 JWT claims signed with the server key: expiry beyond the leeway, future nbf, missing exp/jti/sid, wrong iss/aud/typ and a refresh token as access are all 401; inside the leeway is 200', async () => {
  const t = await buildTestApp({ auth: { jwt: { leeway: 5 } } });
  try {
    const u = await createUser(t, { studio: 'Claims Studio' });
    const obtained = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } });
    assert.equal(obtained.statusCode, 200, obtained.body);
    const { access, refresh } = obtained.json() as { access: string; refresh: string };
    const header = decodeProtectedHeader(access);
    const genuine = decodeJwt(access);
    const row = (await t.store.jwtKeys.listJwtKeys()).find((k) => k.kid === header.kid);
    assert.ok(row, 'the signing key is in the store');
    const key = await importJWK(JSON.parse(row.privateJwk) as Record<string, unknown>, 'EdDSA');
    const now = Math.floor(t.clock.now() / 1000);

    const sign = async (payload: JWTPayload, typ = 'at+jwt'): Promise<string> =>
      new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: header.kid as string, typ }).sign(key);
    const without = (name: string): JWTPayload => Object.fromEntries(Object.entries({ ...genuine, jti: 'jti-forged-1' }).filter(([k]) => k !== name));
    const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

    // The harness is sound: a token it signs with genuine claims is accepted.
    assert.equal((await me(await sign({ ...genuine, jti: 'jti-control' }))).statusCode, 200, 'control token');
    assert.equal((await me(await sign({ ...genuine, jti: 'jti-leeway', iat: now - 100, exp: now - 3 }))).statusCode, 200, 'expired 3 s ago: inside the 5 s leeway');

    const refused: Array<[string, Promise<string>]> = [
      ['expired beyond the leeway', sign({ ...genuine, jti: 'j1', iat: now - 100, exp: now - 10 })],
      ['nbf in the future', sign({ ...genuine, jti: 'j2', nbf: now + 60 })],
      ['no exp', sign(without('exp'))],
      ['no jti', sign(Object.fromEntries(Object.entries(genuine).filter(([k]) => k !== 'jti')))],
      ['no sid', sign(without('sid'))],
      ['no sub', sign(without('sub'))],
      ['wrong iss', sign({ ...genuine, jti: 'j3', iss: 'https://evil.test' })],
      ['wrong aud', sign({ ...genuine, jti: 'j4', aud: 'another-api' })],
      ['typ JWT instead of at+jwt', sign({ ...genuine, jti: 'j5' }, 'JWT')],
      ['a session that does not exist', sign({ ...genuine, jti: 'j6', sid: 'no-such-session' })],
      ['sub of another user on this session', sign({ ...genuine, jti: 'j7', sub: 'us_0000000000000000000000' })],
    ];
    for (const [label, token] of refused) {
      const res = await me(await token);
      assert.equal(res.statusCode, 401, `${label}: ${res.body}`);
      assertJsonError(res, 401, 'invalid_token');
    }

    // The refresh token is opaque: it is not an access token, and an access token is not a refresh token.
    assert.equal((await me(refresh)).statusCode, 401, 'a refresh token presented as access');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: access } })).statusCode, 401, 'an access token at the refresh endpoint');
  } finally {
    await t.close();
  }
});
