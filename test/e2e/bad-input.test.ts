// issue #2: bad input never yields a 500 or a stack trace: 404, 400 invalid_json, 422 with details, 413, 415, hostile cookies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { buildTestApp, createUser, login, type LoggedIn, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError, assertNoStackTrace } from '../helpers/http.ts';

describe('bad input', () => {
  let t: TestApp;
  let user: TestUser;
  let s: LoggedIn;
  before(async () => {
    t = await buildTestApp({ loginThrottle: { freeFailures: 1000, ipMaxFailures: 10000 } });
    user = await createUser(t, { studio: 'Input Studio' });
    s = await login(t, user);
  });
  after(async () => t.close());

  const json = { 'content-type': 'application/json' };

  test('unknown route → 404 JSON', async () => {
    for (const url of ['/nope', '/api/v1/nope/', '/api/auth/me/extra', '/%2e%2e/etc/passwd', '/api/nothing?x=<script>']) {
      const res = await t.app.inject({ method: 'GET', url });
      assertJsonError(res, 404, 'route_not_found');
    }
    assertJsonError(await t.app.inject({ method: 'POST', url: '/nope', headers: { cookie: s.cookie }, payload: { a: 1 } }), 404, 'route_not_found');
  });

  test('malformed JSON → 400 invalid_json', async () => {
    for (const payload of ['{bad', '{"email": "a@b.c",}', '"unterminated', '\u0000']) {
      assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload }), 400, 'invalid_json');
    }
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...json, cookie: s.cookie, 'x-csrftoken': s.csrf }, payload: '{' }), 400, 'invalid_json');
  });

  test('schema failure → 422 validation_failed with per-field details', async () => {
    const missing = assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email } }), 422, 'validation_failed');
    assert.deepEqual(missing.details, { password: 'is required' });

    const wrongTypes = assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42, password: 123 } }), 422, 'validation_failed');
    const details = wrongTypes.details as Record<string, string>;
    assert.ok(details.email, 'email is named');
    assert.ok(details.password, 'password is named (no type coercion)');

    const neither = assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { password: 'x' } }), 422, 'validation_failed');
    assert.ok((neither.details as Record<string, string>).email);

    const array = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: '[1,2]' });
    assertJsonError(array, 422, 'validation_failed');

    const query = assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/notifications/all?per_page=1000&page=abc', headers: { cookie: s.cookie } }), 422, 'validation_failed');
    assert.ok((query.details as Record<string, string>).per_page);
  });

  test('body over the limit → 413', async () => {
    const big = JSON.stringify({ email: user.email, password: 'x'.repeat(20_000) });
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: big }), 413, 'payload_too_large');
    const form = `email=a&password=${'x'.repeat(20_000)}`;
    assertJsonError(await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form }), 413, 'payload_too_large');
    const huge = JSON.stringify({ pad: 'x'.repeat(1_100_000) });
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...json, cookie: s.cookie, 'x-csrftoken': s.csrf }, payload: huge }), 413, 'payload_too_large');
  });

  test('a password far over the policy maximum fails validation without a hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'p'.repeat(5000) } });
    assertJsonError(res, 422, 'validation_failed');
  });

  test('form-encoded or text bodies to a JSON-only route → 415', async () => {
    const headers = { cookie: s.cookie, 'x-csrftoken': s.csrf };
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }), 415, 'unsupported_media_type');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hi' }), 415, 'unsupported_media_type');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'email=a' }), 415, 'unsupported_media_type');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' }), 415, 'unsupported_media_type');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 200, 'the session is intact');
  });

  test('prototype poisoning payloads → 400', async () => {
    for (const payload of [
      `{"__proto__": {"isAdmin": true}, "email": "${user.email}", "password": "x"}`,
      `{"email": "${user.email}", "password": "x", "constructor": {"prototype": {"isAdmin": true}}}`,
    ]) {
      assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload }), 400, 'invalid_json');
    }
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
  });

  test('malformed and hostile cookie headers never cause a 500', async () => {
    const hostile = [
      'a=%; b="x',
      'sessionid=%E0%A4%A; csrftoken=%',
      '=; ;;; =x; sessionid',
      Array.from({ length: 200 }, (_, i) => `c${i}=v${i}`).join('; '),
      `${Array.from({ length: 300 }, (_, i) => `c${i}=v`).join('; ')}; sessionid=${s.session}`,
      `sessionid=${s.session}; sessionid=${'B'.repeat(43)}`,
      'sessionid="unterminated',
      `sessionid=${'x'.repeat(8000)}`,
      'sessionid=\u00e9\u00e8; csrftoken=\u2603',
      'sessionid=__proto__; __proto__=1; constructor=2',
    ];
    for (const cookie of hostile) {
      for (const url of ['/api/auth/me', '/', '/api/csrf']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        assert.ok(res.statusCode < 500, `${url} with ${cookie.slice(0, 40)}: ${res.statusCode}`);
        assertNoStackTrace(res.body);
      }
      const post = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrftoken': s.csrf } });
      assert.ok([400, 401, 403].includes(post.statusCode), `${cookie.slice(0, 40)}: ${post.statusCode}`);
    }
  });

  test('two different sessionid cookies are ambiguous, not a guess between them', async () => {
    const other = await login(t, user);
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${s.session}; sessionid=${other.session}` } });
    assertJsonError(res, 400, 'ambiguous_credentials');
    const same = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${s.session}; sessionid=${s.session}` } });
    assert.equal(same.statusCode, 200);
  });

  test('hostile headers and URLs never cause a 500', async () => {
    const requests: InjectOptions[] = [
      { method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie, host: '' } },
      { method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': s.csrf, host: '[::1' } },
      { method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': s.csrf, origin: 'http://[bad' } },
      { method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrftoken': s.csrf, referer: '%%%' } },
      { method: 'POST', url: '/api/auth/login', headers: { ...json, 'content-length': '5' }, payload: '{}' },
      { method: 'GET', url: '/setup?token=%E0%A4%A' },
      { method: 'GET', url: '/setup?token=' + 'a'.repeat(5000) },
      { method: 'GET', url: '/api/v1/notifications/all?page=1&page=2', headers: { cookie: s.cookie } },
      { method: 'POST', url: '/api/auth/login', headers: { accept: '\u0000;q=abc, text/html;q=NaN' }, payload: { email: 'a@b.c', password: 'x' } },
    ];
    for (const r of requests) {
      const res = await t.app.inject(r);
      assert.ok(res.statusCode < 500, `${r.method} ${r.url}: ${res.statusCode} ${res.body}`);
      assertNoStackTrace(res.body);
    }
  });
});
