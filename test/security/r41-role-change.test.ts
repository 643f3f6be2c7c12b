// issue #22: SECURITY-BAR R41 (and R28 for JWTs), a role downgrade takes effect on the very next request for every
// credential the user holds (cookie session, token mode, JWT, Basic), not after a cache or token lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('R41 owner downgraded to viewer: the next write is 403 with a live session, token, JWT and Basic; restoring the role restores access', async () => {
  const t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  try {
    const u = await createUser(t, { studio: 'Downgrade Studio', role: 'owner' });
    const s = await login(t, u);
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, mode: 'token' } })).json().token as string;
    const access = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } })).json().access as string;
    const modes: Array<[string, Record<string, string>]> = [
      ['cookie session', { cookie: s.cookie, 'x-csrf-token': s.csrf }],
      ['token mode', { 'x-auth-token': token }],
      ['JWT', { authorization: `Bearer ${access}` }],
      ['Basic', { authorization: `Basic ${Buffer.from(`${u.email}:${u.password}`).toString('base64')}` }],
    ];
    let n = 0;
    const write = (headers: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/clients', headers, payload: { email: `w${++n}@example.test` } });
    for (const [label, headers] of modes) assert.equal((await write(headers)).statusCode, 201, `${label} writes as owner (and is now cached)`);

    await t.store.studios.putMembership({ studioId: u.studioId as string, userId: u.id, role: 'viewer', now: t.clock.now() });
    for (const [label, headers] of modes) {
      const res = await write(headers);
      assert.equal(res.statusCode, 403, `${label} right after the downgrade → ${res.statusCode}`);
      assertJsonError(res, 403, 'insufficient_permissions');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers })).statusCode, 200, `${label} still reads as a viewer`);
    }

    await t.store.studios.putMembership({ studioId: u.studioId as string, userId: u.id, role: 'member', now: t.clock.now() });
    for (const [label, headers] of modes) assert.equal((await write(headers)).statusCode, 201, `${label} writes again as a member`);
  } finally {
    await t.close();
  }
});
