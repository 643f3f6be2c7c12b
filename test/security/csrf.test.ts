// issue #2: CSRF tokens on cookie-authenticated unsafe requests: header names, session binding, rotation, forgeries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, cookieOf, createUser, login, type LoggedIn, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError, CSRF_FAILED_BODY, withoutRequestId } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('CSRF protection', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp();
    user = await createUser(t, { studio: 'CSRF Studio', role: 'owner' });
  });
  after(async () => t.close());

  const logout = (headers: Record<string, string>, url = '/api/auth/logout'): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'POST', url, headers });
  const alive = async (s: LoggedIn): Promise<boolean> => (await t.store.sessions.findSession(sha256(s.session))) !== null;

  for (const name of ['X-CSRF-Token', 'X-CSRFToken', 'X-CSRF', 'x-csrf-token', 'x-csrftoken', 'x-csrf']) {
    for (const url of ['/api/auth/logout', '/logout']) {
      test(`POST ${url} with the token in ${name} → 200`, async () => {
        const s = await login(t, user);
        const res = await logout({ cookie: s.cookie, [name]: s.csrf }, url);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), { logged_out: true });
        assert.equal(await alive(s), false);
      });
    }
  }

  test('no token → 403 with the exact body, and the session survives', async () => {
    const s = await login(t, user);
    for (const url of ['/api/auth/logout', '/logout', '/api/auth/logout/']) assertCSRFFailed(await logout({ cookie: s.cookie }, url));
    assert.equal(await alive(s), true);
  });

  test('a csrftoken cookie the server did not issue never passes, even echoed in the header', async () => {
    const s = await login(t, user);
    const forged = 'forged-token-value';
    assertCSRFFailed(await logout({ cookie: `sessionid=${s.session}; csrftoken=${forged}`, 'x-csrftoken': forged }));
    const lookalike = `${'A'.repeat(22)}.${'B'.repeat(43)}`;
    assertCSRFFailed(await logout({ cookie: `sessionid=${s.session}; csrftoken=${lookalike}`, 'x-csrftoken': lookalike }));
    // An anonymous token (issued before login, bound to no session) is not this session's token either.
    const anon = (await t.app.inject({ method: 'GET', url: '/api/csrf' })).json().csrf_token as string;
    assertCSRFFailed(await logout({ cookie: `sessionid=${s.session}; csrftoken=${anon}`, 'x-csrftoken': anon }));
    assert.equal(await alive(s), true);
  });

  test('the token of session A does not work with session B (same user)', async () => {
    const a = await login(t, user);
    const b = await login(t, user);
    assertCSRFFailed(await logout({ cookie: `sessionid=${b.session}; csrftoken=${a.csrf}`, 'x-csrf-token': a.csrf }));
    assert.equal(await alive(b), true);
  });

  test('the token of another user does not work', async () => {
    const other = await createUser(t);
    const mine = await login(t, user);
    const theirs = await login(t, other);
    assertCSRFFailed(await logout({ cookie: mine.cookie, 'x-csrf-token': theirs.csrf }));
  });

  test('a tampered token (one character changed, truncated, case-changed) → 403', async () => {
    const s = await login(t, user);
    const flip = (c: string): string => (c === 'A' ? 'B' : 'A');
    const variants = [
      s.csrf.slice(0, -1) + flip(s.csrf.slice(-1)),
      flip(s.csrf[0] ?? 'A') + s.csrf.slice(1),
      s.csrf.slice(0, -1),
      s.csrf.toUpperCase(),
      `${s.csrf} `.trim() + '=',
      '',
    ];
    for (const v of variants) assertCSRFFailed(await logout({ cookie: s.cookie, 'x-csrftoken': v }));
  });

  test('the token is rotated at login: each login returns a new token, old tokens do not carry over', async () => {
    const first = await login(t, user);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: first.cookie }, payload: { email: user.email, password: user.password } });
    assert.equal(res.statusCode, 201);
    const second = { session: cookieOf(res, 'sessionid')?.value ?? '', csrf: res.json().csrf_token as string };
    assert.notEqual(second.csrf, first.csrf);
    assert.equal(cookieOf(res, 'csrftoken')?.value, second.csrf);
    assert.notEqual(second.session, first.session);
    assert.equal(await alive(first), false, 'logging in again ends the session the request carried');
    assertCSRFFailed(await logout({ cookie: `sessionid=${second.session}; csrftoken=${first.csrf}`, 'x-csrftoken': first.csrf }));
    assert.equal((await logout({ cookie: `sessionid=${second.session}`, 'x-csrftoken': second.csrf })).statusCode, 200);
  });

  test('two CSRF headers with different values → 403; the same value twice is fine', async () => {
    const s = await login(t, user);
    const other = (await t.app.inject({ method: 'GET', url: '/api/csrf', headers: { cookie: s.cookie } })).json().csrf_token as string;
    assert.notEqual(other, s.csrf);
    assertCSRFFailed(await logout({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'x-csrftoken': other }));
    assertCSRFFailed(await logout({ cookie: s.cookie, 'x-csrf': 'junk', 'x-csrftoken': s.csrf }));
    // issue #22 (defect 6): one header name given twice is refused as ambiguous before any credential is read.
    const repeated = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': [s.csrf, other] } });
    assertJsonError(repeated, 400, 'ambiguous_credentials');
    assert.equal(await alive(s), true);
    assert.equal((await logout({ cookie: s.cookie, 'x-csrf-token': s.csrf, 'x-csrf': s.csrf })).statusCode, 200);
  });

  test('safe methods never need a token', async () => {
    const s = await login(t, user);
    for (const method of ['GET', 'HEAD'] as const) {
      for (const url of ['/api/auth/me', '/api/v1/notifications/all', '/api/csrf', '/']) {
        const res = await t.app.inject({ method, url, headers: { cookie: `sessionid=${s.session}` } });
        assert.equal(res.statusCode, 200, `${method} ${url}: ${res.body}`);
      }
    }
  });

  test('the logout form: csrf_token in the form body → 303 to /login; without it → 403', async () => {
    const s = await login(t, user);
    const form = { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const denied = await t.app.inject({ method: 'POST', url: '/logout', headers: form, payload: 'csrf_token=nope' });
    assert.equal(denied.statusCode, 403);
    // issue #16: a browser form post is answered with a page, never the JSON body.
    assert.match(String(denied.headers['content-type']), /^text\/html/);
    assert.match(denied.body, /This form has expired/);
    const scripted = await t.app.inject({ method: 'POST', url: '/logout', headers: { ...form, accept: 'application/json' }, payload: 'csrf_token=nope' });
    assert.deepEqual(withoutRequestId(scripted.json()), CSRF_FAILED_BODY);
    const home = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: s.cookie } });
    const token = /name="csrf_token" value="([^"]+)"/.exec(home.body)?.[1];
    assert.ok(token, 'the home page embeds a token for its logout form');
    const res = await t.app.inject({ method: 'POST', url: '/logout', headers: form, payload: `csrf_token=${encodeURIComponent(token)}` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login');
    assert.equal(await alive(s), false);
  });

  test('walk: every cookie-authenticated unsafe route refuses a request without a CSRF token', async () => {
    const cookieRoutes = new Set(['authenticated', 'optional']);
    const unsafe = t.app.routeTable.filter((r) => UNSAFE.has(r.method) && cookieRoutes.has((r.policy as { access?: string } | undefined)?.access ?? ''));
    assert.ok(unsafe.length >= 2, 'at least the two logout routes');
    const s = await login(t, user);
    for (const route of unsafe) {
      const url = route.url.replace(/:[A-Za-z_]+/g, 'xx_0000000000000000000000').replace(/\*$/, 'x');
      const res = await t.app.inject({ method: route.method as 'POST', url, headers: { cookie: s.cookie } });
      assertCSRFFailed(res);
    }
    assert.equal(await alive(s), true);
  });
});
