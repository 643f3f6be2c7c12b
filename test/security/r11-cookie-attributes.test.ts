// issue #22: SECURITY-BAR R11, run with the __Host- names configured: every Set-Cookie of login, JWT obtain, refresh
// and studio switch is __Host-, Secure, Path=/, no Domain, explicit SameSite, HttpOnly except the CSRF cookie, fits
// in 4096 bytes; the JWT cookie never outlives the token; those responses are Cache-Control: no-store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, setCookies } from '../helpers/app.ts';

test('R11 __Host- cookies from login, JWT obtain, refresh and studio switch: Secure, Path=/, no Domain, explicit SameSite, HttpOnly but the CSRF cookie, ≤ 4096 bytes, no-store', async () => {
  const t = await buildTestApp({ cookies: { session: '__Host-sessionid', csrf: '__Host-csrftoken', jwt: '__Host-jwt', secure: 'always' } });
  try {
    const u = await createUser(t, { studio: 'Host A' });
    const other = await createUser(t, { studio: 'Host B', role: 'owner' });
    await t.store.studios.putMembership({ studioId: other.studioId as string, userId: u.id, role: 'member', now: t.clock.now() });
    const seen = new Set<string>();
    const check = (label: string, res: LightMyRequestResponse): void => {
      assert.ok(res.statusCode < 300, `${label} → ${res.statusCode} ${res.body}`);
      assert.equal(res.headers['cache-control'], 'no-store', `${label}: no-store`);
      const cookies = setCookies(res);
      assert.ok(cookies.length > 0, `${label} sets cookies`);
      for (const c of cookies) {
        seen.add(c.name);
        const where = `${label} ${c.name}`;
        assert.ok(c.name.startsWith('__Host-'), `${where}: __Host- prefix`);
        assert.equal(c.attributes.secure, true, `${where}: Secure`);
        assert.equal(c.attributes.path, '/', `${where}: Path=/`);
        assert.equal(c.attributes.domain, undefined, `${where}: no Domain`);
        assert.match(String(c.attributes.samesite), /^(Lax|Strict)$/, `${where}: explicit SameSite`);
        assert.equal(c.attributes.httponly, c.name === '__Host-csrftoken' ? undefined : true, `${where}: HttpOnly on credentials only`);
        assert.ok(Buffer.byteLength(`${c.name}=${c.value}`) <= 4096, `${where}: fits in 4096 bytes`);
        if (c.name === '__Host-jwt' && c.value !== '') {
          const exp = decodeJwt(c.value).exp as number;
          assert.ok(Number(c.attributes['max-age']) <= exp - Math.floor(t.clock.now() / 1000), `${where}: Max-Age ≤ exp − now`);
        }
      }
    };

    const loggedIn = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } });
    check('login', loggedIn);
    const session = setCookies(loggedIn).find((c) => c.name === '__Host-sessionid')?.value ?? '';
    const csrf = loggedIn.json().csrf_token as string;
    const switched = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${other.studioId}/login`, headers: { cookie: `__Host-sessionid=${session}; __Host-csrftoken=${csrf}`, 'x-csrf-token': csrf } });
    check('studio switch', switched);

    const obtained = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } });
    check('JWT obtain', obtained);
    t.clock.advance(60);
    check('refresh', await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: obtained.json().refresh as string } }));
    assert.deepEqual([...seen].sort(), ['__Host-csrftoken', '__Host-jwt', '__Host-sessionid']);
  } finally {
    await t.close();
  }
});
