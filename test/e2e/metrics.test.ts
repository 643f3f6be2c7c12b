// issue #21: GET /metrics in the Prometheus format: off by default, behind metrics.token when set, and counters that
// move by exactly what happened (requests by route pattern and status, logins by scheme and outcome, throttle hits,
// active sessions, the image queue), with no secret, email or raw URL in any label.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { parseMetrics, sample } from '../helpers/prometheus.ts';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';

async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.body);
}

test('metrics are off by default: /metrics is an unknown route', async () => {
  const t = await buildTestApp();
  try {
    assertJsonError(await t.app.inject({ method: 'GET', url: '/metrics' }), 404, 'route_not_found');
  } finally {
    await t.close();
  }
});

describe('metrics enabled, without a token', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp({ metrics: { enabled: true, processMetrics: false }, loginThrottle: { freeFailures: 2 } });
    user = await createUser(t, { studio: 'Metrics Studio' });
  });
  after(async () => t.close());

  test('requests are counted by method, route pattern and status, and timed; unmatched paths share one label', async () => {
    const before = await scrape(t);
    for (let i = 0; i < 3; i++) assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    await t.app.inject({ method: 'GET', url: '/no/such/path?auth_token=sekrit-query-value' });
    await t.app.inject({ method: 'GET', url: '/other/unknown/path' });
    await t.app.inject({ method: 'GET', url: '/api/v1/clients/cl_abcdefghijklmnop' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const text = res.body;
    const now = parseMetrics(text);
    const delta = (name: string, labels: Record<string, string>): number => sample(now, name, labels) - sample(before, name, labels);
    assert.equal(delta('http_requests_total', { method: 'GET', route: '/healthz', status: '200' }), 3);
    assert.equal(delta('http_request_duration_seconds_count', { method: 'GET', route: '/healthz', status: '200' }), 3);
    assert.ok(delta('http_request_duration_seconds_sum', { method: 'GET', route: '/healthz', status: '200' }) >= 0);
    assert.equal(delta('http_request_duration_seconds_bucket', { method: 'GET', route: '/healthz', status: '200', le: '+Inf' }), 3);
    assert.equal(delta('http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }), 2);
    assert.equal(delta('http_requests_total', { method: 'GET', route: '/api/v1/clients/:id', status: '401' }), 1);
    for (const leak of ['/no/such/path', '/other/unknown', 'sekrit', 'cl_abcdefghijklmnop']) assert.ok(!text.includes(leak), `${leak} is not in the scrape`);
  });

  test('logins by scheme and outcome, throttle hits and active sessions move by exactly what happened', async () => {
    const before = await scrape(t);
    const cookie = await login(t, user);
    const token = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password, mode: 'token' } });
    assert.equal(token.statusCode, 200, token.body);
    const jwt = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: user.email, password: user.password } });
    assert.ok(jwt.statusCode < 300, jwt.body);
    const wrong = { email: 'nobody@example.test', password: 'not the password at all' };
    for (let i = 0; i < 2; i++) assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: wrong }), 401, 'invalid_credentials');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: wrong }), 429, 'too_many_attempts');

    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    const now = parseMetrics(res.body);
    const delta = (name: string, labels: Record<string, string>): number => sample(now, name, labels) - sample(before, name, labels);
    assert.equal(delta('lightbox_logins_total', { scheme: 'password', outcome: 'success' }), 1);
    assert.equal(delta('lightbox_logins_total', { scheme: 'token', outcome: 'success' }), 1);
    assert.equal(delta('lightbox_logins_total', { scheme: 'jwt', outcome: 'success' }), 1);
    assert.equal(delta('lightbox_logins_total', { scheme: 'password', outcome: 'failure' }), 2, 'the throttled attempt is a throttle hit, not a failure');
    assert.equal(delta('lightbox_throttle_hits_total', { limiter: 'login' }), 1);
    assert.equal(delta('lightbox_throttle_hits_total', { limiter: 'requests' }), 0);
    assert.equal(delta('http_requests_total', { method: 'POST', route: '/api/auth/login', status: '201' }), 1);
    assert.equal(delta('http_requests_total', { method: 'POST', route: '/api/auth/login', status: '200' }), 1);
    assert.equal(delta('http_requests_total', { method: 'POST', route: '/api/auth/login', status: '401' }), 2);
    assert.equal(delta('http_requests_total', { method: 'POST', route: '/api/auth/login', status: '429' }), 1);
    // Gauges are absolute: one cookie session, one token-mode session, one JWT refresh family.
    assert.equal(sample(now, 'lightbox_active_sessions', { kind: 'cookie' }), 1);
    assert.equal(sample(now, 'lightbox_active_sessions', { kind: 'token' }), 1);
    assert.equal(sample(now, 'lightbox_active_sessions', { kind: 'jwt' }), 1);
    assert.equal(sample(now, 'lightbox_image_queue_jobs', { state: 'running' }), 0);
    assert.equal(sample(now, 'lightbox_image_queue_jobs', { state: 'waiting' }), 0);
    for (const leak of [user.email, user.username, user.id, user.password, wrong.email, cookie.session, cookie.csrf]) assert.ok(!res.body.includes(leak), 'no user or secret in the scrape');

    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie.cookie, 'x-csrftoken': cookie.csrf } });
    assert.equal(logout.statusCode, 200, logout.body);
    assert.equal(sample(await scrape(t), 'lightbox_active_sessions', { kind: 'cookie' }), 0);
    // Past the idle timeout nothing is active any more, before any sweep has run.
    t.clock.advance(t.config.session.idleTimeout + 1);
    const later = await scrape(t);
    assert.equal(sample(later, 'lightbox_active_sessions', { kind: 'token' }), 0);
  });
});

describe('metrics.token', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ metrics: { enabled: true, token: TOKEN, processMetrics: false } });
  });
  after(async () => t.close());

  const get = (headers: Record<string, string>): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url: '/metrics', headers });

  test('without the bearer token /metrics is a 401 JSON error; a wrong token, another scheme or a user session do not open it', async () => {
    const missing = await get({});
    assertJsonError(missing, 401, 'authentication_required');
    assert.match(String(missing.headers['www-authenticate']), /^Bearer /);
    assertJsonError(await get({ authorization: `Bearer ${TOKEN}x` }), 401, 'invalid_token');
    assertJsonError(await get({ authorization: `Bearer ${TOKEN.slice(0, -1)}` }), 401, 'invalid_token');
    assertJsonError(await get({ authorization: `Basic ${Buffer.from(`metrics:${TOKEN}`).toString('base64')}` }), 401, 'authentication_required');
    assertJsonError(await get({ authorization: 'Bearer' }), 401, 'authentication_required');
    const user = await createUser(t, { studio: 'Token Studio' });
    const s = await login(t, user);
    assertJsonError(await get({ cookie: s.cookie }), 401, 'authentication_required');
    assert.ok(!t.logs.text().includes(TOKEN), 'the token is never logged');
  });

  test('with the token the scrape is served (the scheme name in any case)', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const samples = await scrape(t, { authorization: `${scheme} ${TOKEN}` });
      assert.ok(samples.has('lightbox_throttle_hits_total{limiter="requests"}'));
    }
  });
});

describe('metrics and the request rate limit, per app', () => {
  test('a request refused by the rate limit is a throttle hit; each app has its own registry', async () => {
    const a = await buildTestApp({ metrics: { enabled: true, processMetrics: false }, rateLimit: { max: 2, window: 60 } });
    const b = await buildTestApp({ metrics: { enabled: true, processMetrics: true } });
    try {
      for (let i = 0; i < 3; i++) await a.app.inject({ method: 'GET', url: '/api/help' });
      const res = await a.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '192.0.2.10' });
      const samples = parseMetrics(res.body);
      assert.equal(sample(samples, 'lightbox_throttle_hits_total', { limiter: 'requests' }), 1);
      assert.equal(sample(samples, 'http_requests_total', { method: 'GET', route: '/api/help', status: '429' }), 1);
      assert.ok(!samples.has('process_cpu_user_seconds_total'), 'process metrics off');
      const other = await scrape(b);
      assert.equal(sample(other, 'http_requests_total', { method: 'GET', route: '/api/help', status: '200' }), 0, 'another app counts apart');
      assert.equal(sample(other, 'lightbox_throttle_hits_total', { limiter: 'requests' }), 0);
      assert.ok(other.has('process_cpu_user_seconds_total'), 'process metrics on');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
