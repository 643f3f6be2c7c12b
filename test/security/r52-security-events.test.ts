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

test('R52 a refused JWT is logged with its internal reason; the client sees only invalid_token', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'JWT Reasons' });
    const obtain = async () => (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } })).json() as { access: string; refresh: string };
    const me = (access: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${access}` } });
    const reasonOf = async (access: string): Promise<unknown> => {
      const from = t.logs.lines.length;
      const res = await me(access);
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().code, 'invalid_token');
      const event = t.logs.records().slice(from).find((r) => r.event === 'authentication_failed');
      assert.ok(event, 'an authentication_failed record');
      return event.reason;
    };
    const { access } = await obtain();
    const [head, body, signature] = access.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal(await reasonOf(`${head}.${body}.${flipped}`), 'jwt_bad_signature');
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
    const reheader = (h: Record<string, unknown>) => Buffer.from(JSON.stringify(h)).toString('base64url');
    assert.equal(await reasonOf(`${reheader({ ...header, kid: 'jk_AAAAAAAAAAAAAAAA' })}.${body}.${signature}`), 'jwt_unknown_key');
    assert.equal(await reasonOf(`${reheader({ ...header, alg: 'none' })}.${body}.`), 'jwt_algorithm_not_allowed');
    assert.equal(await reasonOf('eyJhbGciOi.not-json.x'), 'jwt_malformed');
    const live = await obtain();
    assert.equal((await me(live.access)).statusCode, 200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${live.access}` } });
    assert.equal(await reasonOf(live.access), 'jwt_session_ended');
    const later = await obtain();
    t.clock.advance(t.config.auth.jwt.accessTtl + t.config.auth.jwt.leeway + 1);
    assert.equal(await reasonOf(later.access), 'jwt_expired');
    assert.doesNotMatch(t.logs.text(), new RegExp(later.access.split('.')[2]!), 'no token in the log');
  } finally {
    await t.close();
  }
});

test('R52 an id of another studio answers the same 404 as a missing one, and is logged with who asked', async () => {
  const t = await buildTestApp();
  try {
    const a = await createUser(t, { studio: 'Tenant A' });
    const b = await createUser(t, { studio: 'Tenant B' });
    const sa = await login(t, a);
    const sb = await login(t, b);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/clients', headers: { cookie: sb.cookie, 'x-csrf-token': sb.csrf }, payload: { email: 'client-of-b@example.test' } });
    assert.equal(created.statusCode, 201, created.body);
    const foreign = (created.json() as { data: { id: string } }).data.id;
    const from = t.logs.lines.length;
    const probe = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${foreign}`, headers: { cookie: sa.cookie } });
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/clients/${foreign.slice(0, -1)}${foreign.endsWith('A') ? 'B' : 'A'}`, headers: { cookie: sa.cookie } });
    assert.equal(probe.statusCode, 404);
    assert.equal(probe.json().code, missing.json().code);
    const events = t.logs.records().slice(from).filter((r) => r.event === 'resource_not_found');
    assert.equal(events.length, 2, 'one record per miss');
    assert.equal(events[0]!.userId, a.id);
    assert.equal(events[0]!.studioId, a.studioId);
    assert.equal(events[0]!.route, '/api/v1/clients/:id');
    assert.deepEqual(events[0]!.ids, { id: foreign });
    assert.equal(typeof events[0]!.reqId, 'string');
  } finally {
    await t.close();
  }
});
