// issue #21 (R24): opt-in CORS for the configured origins only; credentials never with a wildcard or a reflected
// origin; a listed origin passes the CSRF origin check but still needs the CSRF token, an unlisted one is refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

const HOST = 'api.example.test';
const APP = 'https://app.example.test';
const OTHER = 'https://partner.example.test';
const UNLISTED = ['https://evil.test', `${APP}.evil.test`, 'https://evil-app.example.test', 'http://app.example.test', `${APP}:8443`, 'null', 'https://APP.example.test'];

function preflight(t: TestApp, origin: string, headers = 'content-type, x-csrftoken'): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'OPTIONS', url: '/api/auth/logout',
    headers: { host: HOST, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

function assertNoCors(res: LightMyRequestResponse): void {
  for (const name of Object.keys(res.headers)) assert.ok(!name.startsWith('access-control-'), `${name} must not be sent: ${String(res.headers[name])}`);
}

function commaList(value: unknown): string[] {
  return String(value).split(',').map((s) => s.trim().toLowerCase());
}

describe('CORS with cors.origins configured', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp({ cors: { origins: [APP, OTHER] } });
    user = await createUser(t, { studio: 'Cors Studio' });
  });
  after(async () => t.close());

  test('a preflight from a listed origin is answered for that origin exactly, with credentials and the API\'s headers', async () => {
    for (const origin of [APP, OTHER]) {
      const res = await preflight(t, origin);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(res.headers['access-control-allow-origin'], origin);
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
      assert.ok(commaList(res.headers.vary).includes('origin'), 'Vary: Origin');
      const allowed = commaList(res.headers['access-control-allow-headers']);
      for (const h of ['content-type', 'authorization', 'x-auth-token', 'x-api-key', 'x-csrf-token', 'x-csrftoken', 'x-csrf']) assert.ok(allowed.includes(h), `${h} allowed`);
      assert.ok(!allowed.includes('*'));
      assert.deepEqual(commaList(res.headers['access-control-allow-methods']), ['get', 'head', 'post', 'put', 'patch', 'delete']);
      assert.equal(res.headers['access-control-max-age'], '600');
    }
  });

  test('an unlisted origin (suffix, prefix, scheme, port, case tricks, null) gets no CORS header at all, preflight or not', async () => {
    for (const origin of UNLISTED) {
      const pre = await preflight(t, origin);
      assert.ok(pre.statusCode >= 400, `${origin}: preflight refused, got ${pre.statusCode}`);
      assertNoCors(pre);
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { host: HOST, origin } });
      assert.equal(res.statusCode, 401);
      assertNoCors(res);
    }
  });

  test('answers to a listed origin carry ACAO = that origin and expose the headers clients read; never a wildcard', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { host: HOST, origin: APP } });
    assertJsonError(res, 401, 'authentication_required');
    assert.equal(res.headers['access-control-allow-origin'], APP);
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    const exposed = commaList(res.headers['access-control-expose-headers']);
    for (const h of ['x-request-id', 'retry-after', 'ratelimit', 'ratelimit-policy', 'www-authenticate']) assert.ok(exposed.includes(h), `${h} exposed`);
    const none = await t.app.inject({ method: 'GET', url: '/healthz', headers: { host: HOST } });
    assertNoCors(none);
    assert.ok(commaList(none.headers.vary).includes('origin'), 'Vary: Origin also without an Origin, for shared caches');
  });

  test('a listed origin logs in cross-site with cookies, and its unsafe requests pass the origin check but still need the CSRF token', async () => {
    const browser = { host: HOST, origin: APP, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' };
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: browser, payload: { email: user.email, password: user.password } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['access-control-allow-origin'], APP);
    const s = await login(t, user);
    const logout = (headers: Record<string, string>): Promise<LightMyRequestResponse> =>
      t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...browser, cookie: s.cookie, ...headers } });
    assertCSRFFailed(await logout({}));
    const foreign = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...browser, origin: 'https://evil.test', cookie: s.cookie, 'x-csrftoken': s.csrf } });
    assertJsonError(foreign, 403, 'origin_rejected');
    assertNoCors(foreign);
    assert.ok(await t.store.sessions.findSession(sha256(s.session)), 'the session survives both');
    const ok = await logout({ 'x-csrftoken': s.csrf });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.headers['access-control-allow-origin'], APP);
    assert.equal(await t.store.sessions.findSession(sha256(s.session)), null);
  });

  test('the CORS preflight route is in the route table with a public policy', () => {
    const route = t.app.routeTable.find((r) => r.method === 'OPTIONS' && r.url === '*');
    assert.deepEqual(route?.policy, { access: 'public' });
  });
});

describe('CORS off (the default)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => t.close());

  test('no origin gets a CORS header and a preflight is refused', async () => {
    const pre = await preflight(t, APP);
    assert.equal(pre.statusCode, 405);
    assertNoCors(pre);
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { host: HOST, origin: APP } });
    assertNoCors(res);
  });

  test('a foreign origin\'s cookie-authenticated unsafe request is refused as before', async () => {
    const user = await createUser(t, { studio: 'No Cors' });
    const s = await login(t, user);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, origin: APP, cookie: s.cookie, 'x-csrftoken': s.csrf } });
    assertJsonError(res, 403, 'origin_rejected');
  });
});

describe('CORS with a mandatory application key', () => {
  test('a preflight (which can carry no X-Api-Key) is answered; the actual request still needs the key', async () => {
    const t = await buildTestApp({ cors: { origins: [APP] }, auth: { requireAppKey: true } });
    try {
      const pre = await t.app.inject({
        method: 'OPTIONS', url: '/api/v1/clients/',
        headers: { host: HOST, origin: APP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key, authorization' },
      });
      assert.equal(pre.statusCode, 204, pre.body);
      assert.equal(pre.headers['access-control-allow-origin'], APP);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { host: HOST, origin: APP } });
      assertJsonError(res, 401, 'api_key_required');
      assert.equal(res.headers['access-control-allow-origin'], APP, 'the refusal is readable by the page');
    } finally {
      await t.close();
    }
  });
});

describe('CORS and the request rate limit', () => {
  test('a 429 reaches a listed origin with its Retry-After readable', async () => {
    const t = await buildTestApp({ cors: { origins: [APP] }, rateLimit: { max: 1, window: 60 } });
    try {
      await t.app.inject({ method: 'GET', url: '/api/help', headers: { host: HOST, origin: APP } });
      const res = await t.app.inject({ method: 'GET', url: '/api/help', headers: { host: HOST, origin: APP } });
      assertJsonError(res, 429, 'rate_limited');
      assert.equal(res.headers['access-control-allow-origin'], APP);
      assert.ok(res.headers['retry-after']);
      assert.ok(commaList(res.headers['access-control-expose-headers']).includes('retry-after'));
    } finally {
      await t.close();
    }
  });
});
