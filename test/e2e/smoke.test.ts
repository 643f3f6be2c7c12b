// The cookie + CSRF flow end to end, as README walks through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { withoutRequestId } from '../helpers/http.ts';

test('login, me, CSRF-protected logout, then the session is gone', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t, { studio: 'Smoke Studio' });
    const s = await login(t, user);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.email, user.email);
    assert.equal(me.json().studio.name, 'Smoke Studio');
    const noCsrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    assert.equal(noCsrf.statusCode, 403);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': s.csrf } });
    assert.equal(out.statusCode, 200);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    assert.equal(after.statusCode, 401);
    const body = after.json() as Record<string, unknown>;
    assert.deepEqual(withoutRequestId(body), { error: "Unauthorized", message: "Session expired or invalid", code: "session_invalid" });
  } finally {
    await t.close();
  }
});
