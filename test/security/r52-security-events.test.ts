// issue #22: SECURITY-BAR R52, security events are structured, one record each, with time, request id and the
// user/studio ids known, and hostile input (CR/LF and a forged JSON record) stays inside one escaped field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

const FORGED = 'x\r\n{"level":30,"msg":"login ok","user":"admin","event":"login_succeeded"}';

test('R52 login success/failure, throttling, CSRF, origin, token, refresh reuse and authorization denials are one structured record each; a forged log line stays escaped', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Events Studio', role: 'owner' });
    const viewer = await createUser(t, { studio: 'Viewer Studio', role: 'viewer' });
    const s = await login(t, owner);
    const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });

    for (let i = 0; i < 6; i++) await post('/api/auth/login', { email: owner.email, password: 'not the password at all' });
    await post('/api/auth/login', { email: FORGED, password: FORGED });
    await t.app.inject({ method: 'GET', url: `/api/auth/me?q=${encodeURIComponent(FORGED)}`, headers: { 'user-agent': 'agent {"msg":"login ok"}' } });
    await post('/api/auth/logout', {}, { cookie: s.cookie });
    await post('/api/auth/logout', {}, { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.test' });
    await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer a.b.c' } });
    const pair = (await post('/api/auth/token/obtain/', { email: viewer.email, password: viewer.password })).json() as { refresh: string; access: string };
    await post('/api/auth/token/refresh/', { refresh: pair.refresh });
    await post('/api/auth/token/refresh/', { refresh: pair.refresh });
    const v = await login(t, viewer);
    await post('/api/v1/clients', { email: 'denied@example.test' }, { cookie: v.cookie, 'x-csrf-token': v.csrf });

    const lines = t.logs.lines;
    const records = lines.map((line, i) => {
      assert.doesNotThrow(() => JSON.parse(line), `line ${i} is one JSON record`);
      return JSON.parse(line) as Record<string, unknown>;
    });
    assert.ok(!records.some((r) => r.msg === 'login ok' || r.user === 'admin'), 'no forged record');
    const events = records.filter((r) => typeof r.event === 'string');
    const of = (name: string): Array<Record<string, unknown>> => events.filter((r) => r.event === name);
    for (const name of ['login_succeeded', 'login_failed', 'login_throttled', 'csrf_rejected', 'origin_rejected', 'authentication_failed', 'refresh_token_reuse', 'authorization_denied']) {
      assert.ok(of(name).length >= 1, `a ${name} record (events seen: ${[...new Set(events.map((r) => r.event))].join(', ')})`);
    }
    for (const r of events) {
      assert.equal(typeof r.time, 'number', `${String(r.event)} has a timestamp`);
      assert.ok(Math.abs((r.time as number) - Date.now()) < 600_000, 'an epoch (UTC) timestamp');
      assert.equal(typeof r.reqId, 'string', `${String(r.event)} carries the request id`);
    }
    assert.ok(of('login_failed').some((r) => r.reason === 'wrong_password' && r.userId === owner.id), 'a failure names its internal reason and the account');
    assert.ok(of('login_succeeded').some((r) => r.userId === owner.id), 'a success names the account');
    assert.ok(of('authorization_denied').some((r) => r.userId === viewer.id && typeof r.studioId === 'string'), 'a denial names user and studio');
    assert.ok(!t.logs.text().includes('\r\n{"level"'), 'CR/LF never reaches a log line raw');
  } finally {
    await t.close();
  }
});
