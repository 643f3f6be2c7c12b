// issue #22: SECURITY-BAR R30, refresh tokens expire when idle (auth.jwt.refreshTtl) and when their family reaches the
// session's absolute lifetime, on the injected clock. The refresh token travels only in the body, never in a cookie.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, setCookies } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('R30 refresh idle 60 s, family absolute 150 s: refreshing every 40 s works until the family is 150 s old, 61 s idle is a 401', async () => {
  const t = await buildTestApp({ session: { idleTimeout: 150, absoluteTimeout: 150 }, auth: { jwt: { accessTtl: 30, refreshTtl: 60 } } });
  try {
    const u = await createUser(t, { studio: 'Refresh Studio' });
    const obtain = async (): Promise<string> => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().refresh as string;
    };
    const refresh = (token: string) => t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: token } });

    let rt = await obtain();
    for (const at of [40, 80, 120]) {
      t.clock.advance(40);
      const res = await refresh(rt);
      assert.equal(res.statusCode, 200, `refresh at t=${at}s: ${res.body}`);
      assert.ok(!setCookies(res).some((c) => c.value.includes(res.json().refresh as string)), 'the refresh token never goes into a cookie');
      rt = res.json().refresh as string;
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${res.json().access as string}` } })).statusCode, 200);
    }
    t.clock.advance(31); // t = 151 s: the family is past its absolute lifetime although the token is 31 s idle
    assertJsonError(await refresh(rt), 401, 'invalid_token');

    const idle = await obtain();
    t.clock.advance(61);
    assertJsonError(await refresh(idle), 401, 'invalid_token');

    const fresh = await obtain();
    t.clock.advance(59);
    assert.equal((await refresh(fresh)).statusCode, 200, 'within the idle limit a new family works');
  } finally {
    await t.close();
  }
});
