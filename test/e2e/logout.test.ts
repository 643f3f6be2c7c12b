// issue #2: logout deletes the session server-side and clears both cookies; logout is POST-only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, login, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError, assertSessionInvalid } from '../helpers/http.ts';
import { sha256 } from '../../src/auth/tokens.ts';

describe('logout', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp();
    user = await createUser(t, { studio: 'Logout Studio' });
  });
  after(async () => t.close());

  for (const url of ['/api/auth/logout', '/logout', '/api/auth/logout/']) {
    test(`POST ${url} deletes the session in the store and expires both cookies`, async () => {
      const s = await login(t, user);
      const other = await login(t, user);
      assert.ok(await t.store.sessions.findSession(sha256(s.session)));
      const res = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrftoken': s.csrf } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { logged_out: true });
      assert.equal(await t.store.sessions.findSession(sha256(s.session)), null, 'deleted server-side');

      for (const name of ['sessionid', 'csrftoken', 'jwt']) {
        const c = cookieOf(res, name);
        assert.ok(c, `${name} is cleared`);
        assert.equal(c.value, '');
        assert.equal(c.attributes['max-age'], '0');
        assert.equal(c.attributes['path'], '/');
      }
      // Every cookie of a login is expired (issue #3 added the jwt cookie), and the renewed session cookie is not written back.
      const sessionLines = setCookies(res).filter((c) => c.name === 'sessionid');
      assert.deepEqual(sessionLines.map((c) => c.value), [''], 'the renewed session cookie is not written back');

      // Replaying the old cookie (a copy the browser did not delete) no longer works.
      assertSessionInvalid(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } }));
      const again = await t.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrftoken': s.csrf } });
      assertSessionInvalid(again);
      // Other sessions of the same user are untouched.
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode, 200);
    });
  }

  for (const [method, url] of [['GET', '/api/auth/logout'], ['GET', '/logout'], ['DELETE', '/api/auth/logout'], ['PUT', '/logout/']] as const) {
    test(`${method} ${url} → 405 with Allow: POST, and the session lives on`, async () => {
      const s = await login(t, user);
      const res = await t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrftoken': s.csrf } });
      assertJsonError(res, 405, 'method_not_allowed');
      assert.equal(res.headers.allow, 'POST');
      assert.ok(await t.store.sessions.findSession(sha256(s.session)));
    });
  }

  test('logout without a session → 401, nothing else happens', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout' });
    assertJsonError(res, 401, 'authentication_required');
  });
});
