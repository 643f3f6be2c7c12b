// issue #2: the cookie + CSRF flow against a real listening port with fetch (no inject shortcuts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser } from '../helpers/app.ts';
import { withoutRequestId } from '../helpers/http.ts';

function cookieValue(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = (pair ?? '').indexOf('=');
    if ((pair ?? '').slice(0, eq) === name) return (pair ?? '').slice(eq + 1);
  }
  return undefined;
}

test('log in, call /api/auth/me, log out over HTTP on 127.0.0.1', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t, { studio: 'Port Studio' });
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }),
    });
    assert.equal(login.status, 201);
    const body = await login.json() as { csrf_token: string; user: { id: string } };
    const session = cookieValue(login, 'sessionid');
    const csrf = cookieValue(login, 'csrftoken');
    assert.ok(session && csrf);
    assert.equal(csrf, body.csrf_token);
    const cookie = `sessionid=${session}; csrftoken=${csrf}`;

    const me = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal((await me.json() as { user: { id: string } }).user.id, body.user.id);
    assert.equal(cookieValue(me, 'sessionid'), session);

    const forged = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: 'https://evil.example', 'x-csrftoken': csrf } });
    assert.equal(forged.status, 403);
    assert.equal((await forged.json() as { code: string }).code, 'origin_rejected');

    const out = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrftoken': csrf, origin: base } });
    assert.equal(out.status, 200);

    const after = await fetch(`${base}/api/auth/me`, { headers: { cookie } });
    assert.equal(after.status, 401);
    assert.ok(after.headers.get('www-authenticate'));
    assert.deepEqual(withoutRequestId(await after.json()), { error: 'Unauthorized', message: 'Session expired or invalid', code: 'session_invalid' });

    const missing = await fetch(`${base}/no/such/route`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^application\/json/);
  } finally {
    await t.close();
  }
});
