// issue #2: logs carry security events but never the password, the session token or the CSRF token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, withTestApp } from '../helpers/app.ts';
import { issueSetupToken } from '../../src/auth/setup.ts';

test('no secrets in logs after logins, authenticated calls, failures and logout', async () => {
  const t = await buildTestApp();
  try {
    const setupToken = await issueSetupToken(t.store, t.clock);
    assert.ok(setupToken);
    await t.app.inject({ method: 'GET', url: `/setup?token=${setupToken}` });

    const password = 'Log-Canary-Password-7f3a9c';
    const user = await createUser(t, { studio: 'Log Studio', password });
    const s = await login(t, user);
    const second = await login(t, user);
    const wrong = 'Wrong-Canary-Password-1b2c';
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: wrong } });
    await t.app.inject({
      method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: new URLSearchParams({ email: user.email, password: wrong }).toString(),
    });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"email":"${user.email}","password":"${wrong}",}` });
    await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    await t.app.inject({ method: 'GET', url: '/api/csrf', headers: { cookie: s.cookie } });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': 'bad-token' } });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' } });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    await t.app.inject({ method: 'GET', url: `/api/auth/me?token=${second.session}`, headers: { cookie: second.cookie } });

    const text = t.logs.text();
    assert.ok(t.logs.lines.length > 10, 'requests are logged');
    const events = new Set(t.logs.records().map((r) => r.event).filter(Boolean));
    for (const e of ['login_succeeded', 'login_failed', 'csrf_rejected', 'origin_rejected', 'logout']) assert.ok(events.has(e), `${e} is logged`);
    for (const [name, secret] of [['password', password], ['wrong password', wrong], ['session token', s.session], ['second session token', second.session],
      ['CSRF token', s.csrf], ['second CSRF token', second.csrf], ['setup token', setupToken]] as const) {
      assert.equal(text.includes(secret), false, `the ${name} is not in the logs`);
    }
  } finally {
    await t.close();
  }
});

test('at log level warn: security warnings still arrive, with the request id; no request lines, no secrets', () => withTestApp({ log: { level: 'warn' } }, async (t) => {
  const user = await createUser(t, { studio: 'Quiet Log Studio' });
  const s = await login(t, user);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': 'bad-token' } })).statusCode, 403);
  const records = t.logs.records();
  const rejected = records.filter((r) => r.event === 'csrf_rejected');
  assert.equal(rejected.length, 1, 'the CSRF refusal is logged at warn');
  assert.equal(typeof rejected[0]?.reqId, 'string');
  assert.ok(records.every((r) => (r.level as number) >= 40), 'nothing below warn');
  assert.ok(!records.some((r) => r.msg === 'incoming request' || r.msg === 'request completed'));
  assert.equal(t.logs.text().includes(s.session), false);
  // The server-level logger is the same one (Fastify's own lines, the expired-session sweep's errors).
  t.app.log.warn({ event: 'server_level_probe' }, 'probe');
  assert.ok(t.logs.records().some((r) => r.event === 'server_level_probe'));
}));
