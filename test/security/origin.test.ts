// issue #2: Origin / Referer / Sec-Fetch-Site checks on cookie-authenticated unsafe requests and on login forms (login CSRF).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login, type LoggedIn, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

const HOST = 'studio.example';
const SELF = `http://${HOST}`;

const CROSS_SITE: Array<[string, Record<string, string>]> = [
  ['evil Origin', { origin: 'https://evil.example' }],
  ['Origin: null', { origin: 'null' }],
  // issue #16: what a sandboxed cross-site frame sends; Sec-Fetch-Site comes from the browser and cannot be forged by a page.
  ['Origin: null from a sandboxed cross-site frame', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
  ['Origin: null from a same-site page', { origin: 'null', 'sec-fetch-site': 'same-site' }],
  ['suffix trick', { origin: `${SELF}.evil.test` }],
  ['prefix trick', { origin: 'http://evilstudio.example' }],
  ['userinfo trick', { origin: `${SELF}@evil.test` }],
  ['other port', { origin: `${SELF}:8080` }],
  ['other scheme', { origin: `https://${HOST}` }],
  ['not a URL', { origin: 'studio.example' }],
  ['evil Referer without Origin', { referer: 'https://evil.example/page' }],
  ['suffix Referer', { referer: `${SELF}.evil.test/` }],
  ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['same Referer but Sec-Fetch-Site cross-site', { referer: `${SELF}/`, 'sec-fetch-site': 'cross-site' }],
  ['evil Origin with a same-site Referer', { origin: 'https://evil.example', referer: `${SELF}/` }],
];

describe('cross-site checks on cookie-authenticated unsafe requests', () => {
  let t: TestApp;
  let user: TestUser;
  let s: LoggedIn;
  before(async () => {
    t = await buildTestApp({ csrf: { trustedOrigins: ['https://app.partner.example'] } });
    user = await createUser(t, { studio: 'Origin Studio' });
    s = await login(t, user);
  });
  after(async () => t.close());

  const logout = (extra: Record<string, string>, withToken = true): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, cookie: s.cookie, ...(withToken ? { 'x-csrftoken': s.csrf } : {}), ...extra } });

  for (const [name, headers] of CROSS_SITE) {
    test(`${name} → 403 origin_rejected even with a valid token`, async () => {
      const res = await logout(headers);
      const body = assertJsonError(res, 403, 'origin_rejected');
      assert.equal(body.error, 'Forbidden');
      assert.ok(await t.store.sessions.findSession(sha256(s.session)), 'the session survives');
      assert.equal((await t.app.inject({ method: 'POST', url: '/logout', headers: { host: HOST, cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers } })).statusCode, 403);
    });
  }

  test('no Origin, Referer or Sec-Fetch-Site (curl): judged by the token alone', async () => {
    assertCSRFFailed(await logout({}, false));
    const fresh = await login(t, user);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, cookie: fresh.cookie, 'x-csrftoken': fresh.csrf } });
    assert.equal(res.statusCode, 200);
  });

  test('same-origin signals still need the token', async () => {
    assertCSRFFailed(await logout({ origin: SELF, 'sec-fetch-site': 'same-origin' }, false));
  });

  for (const [name, headers] of [
    ['same Origin + Sec-Fetch-Site same-origin', { origin: SELF, 'sec-fetch-site': 'same-origin' }],
    ['same Referer only', { referer: `${SELF}/account?tab=1` }],
    ['configured trusted origin', { origin: 'https://app.partner.example', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site none (typed URL / bookmark)', { 'sec-fetch-site': 'none' }],
    // issue #16: Chromium's same-origin post from a page whose referrer policy is no-referrer.
    ['Origin: null with Sec-Fetch-Site same-origin', { origin: 'null', 'sec-fetch-site': 'same-origin' }],
  ] as Array<[string, Record<string, string>]>) {
    test(`${name} with the token → 200`, async () => {
      const fresh = await login(t, user);
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { host: HOST, cookie: fresh.cookie, 'x-csrftoken': fresh.csrf, ...headers } });
      assert.equal(res.statusCode, 200, res.body);
    });
  }

  test('safe methods are not subject to the origin check', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { host: HOST, cookie: s.cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    assert.equal(res.statusCode, 200);
  });
});

describe('login CSRF: login and setup forms refuse cross-site posts', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp();
    user = await createUser(t);
  });
  after(async () => t.close());

  const post = (url: string, headers: Record<string, string>, form = false): Promise<LightMyRequestResponse> => t.app.inject({
    method: 'POST', url,
    headers: { host: HOST, ...headers, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    payload: form ? new URLSearchParams({ email: user.email, password: user.password }).toString() : { email: user.email, password: user.password },
  });

  for (const [name, headers] of CROSS_SITE) {
    test(`${name}: POST /api/auth/login and POST /login → 403 origin_rejected, no cookies`, async () => {
      for (const [url, form] of [['/api/auth/login', false], ['/login', true], ['/login', false]] as const) {
        const res = await post(url, headers, form);
        assertJsonError(res, 403, 'origin_rejected');
        assert.equal(res.headers['set-cookie'], undefined, `${url} sets no cookie`);
      }
    });
  }

  test('a same-origin login form post succeeds', async () => {
    const res = await post('/login', { origin: SELF, 'sec-fetch-site': 'same-origin', accept: 'text/html' }, true);
    assert.equal(res.statusCode, 303);
    assert.equal((await post('/api/auth/login', { origin: SELF })).statusCode, 201);
    assert.equal((await post('/api/auth/login', {})).statusCode, 201, 'scripts without browser headers may log in');
  });

  test('POST /setup refuses a cross-site post before looking at the token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/setup', headers: { host: HOST, origin: 'https://evil.example' }, payload: { token: 'x' } });
    assertJsonError(res, 403, 'origin_rejected');
  });
});
