// issue #2: the three login endpoints, their response shapes and the attributes of the sessionid and csrftoken cookies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, login, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';

const USER_KEYS = ['email', 'first_name', 'id', 'last_name', 'username'];

describe('login endpoints and cookies (default config)', () => {
  let t: TestApp;
  let user: TestUser;
  before(async () => {
    t = await buildTestApp();
    user = await createUser(t, { studio: 'Cookie Studio' });
  });
  after(async () => t.close());

  test('POST /api/auth/login → 201 with {user, csrf_token, studios} and both cookies', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    assert.equal(res.statusCode, 201);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body.user).sort(), USER_KEYS);
    assert.equal(body.user.id, user.id);
    assert.match(body.user.id, /^us_[0-9A-Za-z]{22}$/);
    assert.equal(body.user.email, user.email);
    assert.equal(typeof body.csrf_token, 'string');
    assert.equal(body.studios[0].name, 'Cookie Studio');
    assert.equal(body.studios[0].role, 'owner');
    assert.doesNotMatch(res.body, /argon2|password/i);
    assert.equal(res.headers['cache-control'], 'no-store', 'credentials are never cached');

    const session = cookieOf(res, 'sessionid');
    assert.ok(session, 'sessionid is set');
    assert.equal(session.attributes['httponly'], true);
    assert.equal(session.attributes['samesite'], 'Lax');
    assert.equal(session.attributes['path'], '/');
    assert.equal(session.attributes['max-age'], '1209600');
    assert.equal(session.attributes['secure'], undefined, 'no Secure over plain HTTP');
    assert.equal(session.attributes['domain'], undefined);

    const csrf = cookieOf(res, 'csrftoken');
    assert.ok(csrf, 'csrftoken is set');
    assert.equal(csrf.attributes['httponly'], undefined, 'csrftoken is readable by scripts');
    assert.equal(csrf.attributes['samesite'], 'Lax');
    assert.equal(csrf.attributes['path'], '/');
    assert.equal(csrf.value, body.csrf_token);
  });

  test('POST /api/auth/login accepts a username instead of an email', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().user.id, user.id);
  });

  test('browser form POST /login (Accept: text/html) → 303 to / with the cookies', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/login',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    const session = cookieOf(res, 'sessionid');
    assert.ok(session?.value);
    assert.equal(session.attributes['httponly'], true);
    assert.ok(cookieOf(res, 'csrftoken')?.value);
    const home = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `sessionid=${session.value}` } });
    assert.equal(home.statusCode, 200);
    assert.match(String(home.headers['content-type']), /^text\/html/);
  });

  test('JSON client POST /login → 200 JSON {user, csrf_token} and the cookies', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/login', headers: { accept: 'application/json' }, payload: { email: user.email, password: user.password } });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(Object.keys(body.user).sort(), USER_KEYS);
    assert.equal(cookieOf(res, 'csrftoken')?.value, body.csrf_token);
    assert.ok(cookieOf(res, 'sessionid')?.value);
  });

  test('a form POST /login without an Accept header is answered with JSON', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(user.password)}`,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.id, user.id);
  });

  test('GET /login is a self-contained HTML form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/login' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /<form method="post" action="\/login">/);
    assert.doesNotMatch(res.body, /(src|href)="(https?:)?\/\//, 'no external assets');
  });

  test('GET /api/auth/me → user and studio; every authenticated response renews sessionid', async () => {
    const s = await login(t, user);
    for (const url of ['/api/auth/me', '/api/auth/me/']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      assert.equal(res.statusCode, 200, url);
      const body = res.json();
      assert.deepEqual(Object.keys(body.user).sort(), USER_KEYS);
      assert.equal(body.studio.name, 'Cookie Studio');
      const renewed = cookieOf(res, 'sessionid');
      assert.equal(renewed?.value, s.session, 'same id, new Max-Age');
      assert.equal(renewed?.attributes['max-age'], '1209600');
      assert.equal(renewed?.attributes['httponly'], true);
    }
    const notes = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/all', headers: { cookie: s.cookie } });
    assert.equal(notes.statusCode, 200);
    assert.deepEqual(notes.json().data, []);
    assert.equal(cookieOf(notes, 'sessionid')?.value, s.session);
  });

  test('a refused request renews sessionid too; a route that writes it itself replaces the renewal (one Set-Cookie per name)', async () => {
    const owner = await createUser(t, { studio: 'Renewal Studio' });
    const s = await login(t, owner);
    const sessionLines = (res: Parameters<typeof setCookies>[0]) => setCookies(res).filter((c) => c.name === 'sessionid');
    // A CSRF refusal: the request was authenticated (the session's idle clock was reset), so its cookie is renewed.
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(sessionLines(refused).map((c) => [c.value, c.attributes['max-age']]), [[s.session, '1209600']]);
    // A password change gives the browser a new session: only the new cookie is written, not the renewal of the old.
    const changed = await t.app.inject({
      method: 'POST', url: '/api/auth/password', headers: { cookie: s.cookie, 'x-csrftoken': s.csrf },
      payload: { current_password: owner.password, new_password: `${owner.password} changed` },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const lines = sessionLines(changed);
    assert.equal(lines.length, 1, 'one Set-Cookie for sessionid');
    assert.notEqual(lines[0]?.value, s.session);
    assert.ok((lines[0]?.value ?? '').length > 0);
  });

  test('GET /api/csrf sets csrftoken and returns the same token; a logged-in one works for unsafe requests', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/csrf' });
    assert.equal(anon.statusCode, 200);
    assert.equal(cookieOf(anon, 'csrftoken')?.value, anon.json().csrf_token);
    const s = await login(t, user);
    const res = await t.app.inject({ method: 'GET', url: '/api/csrf/', headers: { cookie: s.cookie } });
    const token = res.json().csrf_token as string;
    assert.equal(cookieOf(res, 'csrftoken')?.value, token);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `sessionid=${s.session}; csrftoken=${token}`, 'x-csrftoken': token } });
    assert.equal(out.statusCode, 200);
  });

  test('health endpoints answer without credentials', async () => {
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/readyz/' })).json(), { status: 'ready', storage: 'ok' });
  });
});

describe('Secure cookies follow the request scheme', () => {
  async function loginOver(overrides: Parameters<typeof buildTestApp>[0], headers: Record<string, string>, remoteAddress = '127.0.0.1'): Promise<ReturnType<typeof setCookies>> {
    const t = await buildTestApp(overrides);
    try {
      const user = await createUser(t);
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers, payload: { email: user.email, password: user.password } });
      assert.equal(res.statusCode, 201, res.body);
      return setCookies(res);
    } finally {
      await t.close();
    }
  }
  const secure = (cookies: ReturnType<typeof setCookies>): boolean[] => cookies.map((c) => c.attributes['secure'] === true);

  test('HTTPS through a trusted proxy (X-Forwarded-Proto) → Secure on both cookies', async () => {
    const cookies = await loginOver({ server: { trustProxy: ['127.0.0.1'] } }, { 'x-forwarded-proto': 'https', host: 'studio.example' });
    assert.deepEqual(cookies.map((c) => c.name).sort(), ['csrftoken', 'sessionid']);
    assert.deepEqual(secure(cookies), [true, true]);
  });

  test('X-Forwarded-Proto from an untrusted peer is ignored → no Secure', async () => {
    assert.deepEqual(secure(await loginOver({}, { 'x-forwarded-proto': 'https' })), [false, false]);
    assert.deepEqual(secure(await loginOver({ server: { trustProxy: ['10.9.9.9'] } }, { 'x-forwarded-proto': 'https' }, '192.0.2.7')), [false, false]);
  });

  test('configured names (__Host- prefix) with cookies.secure=always', async () => {
    const cookies = await loginOver({ cookies: { session: '__Host-sid', csrf: '__Host-csrf', secure: 'always' } }, {});
    assert.deepEqual(cookies.map((c) => c.name).sort(), ['__Host-csrf', '__Host-sid']);
    for (const c of cookies) {
      assert.equal(c.attributes['secure'], true);
      assert.equal(c.attributes['path'], '/');
      assert.equal(c.attributes['domain'], undefined);
    }
  });
});
