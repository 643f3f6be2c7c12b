// Issue #3: each seed document's flow, run the way its document describes it (paths, bodies, headers, cookies, codes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, setCookies, type TestApp, type TestUser } from '../helpers/app.ts';
import { createAppKey } from '../../src/auth/access-tokens.ts';

let t: TestApp;
let u: TestUser;
before(async () => {
  t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  u = await createUser(t, { studio: 'Seed Studio' });
});
after(async () => t.close());

const jar = (res: Awaited<ReturnType<TestApp['app']['inject']>>): string => setCookies(res).filter((c) => c.value).map((c) => `${c.name}=${c.value}`).join('; ');

test('Pixieset: web login, session cookie + X-CSRF-Token, notifications/all and data/bootstrap, 401 body', async () => {
  const loginRes = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `email=${encodeURIComponent(u.email)}&password=${encodeURIComponent(u.password)}` });
  assert.equal(loginRes.statusCode, 200, loginRes.body);
  const cookie = jar(loginRes);
  const csrf = cookieOf(loginRes, 'csrftoken')?.value as string;
  const notes = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/all', headers: { cookie } });
  assert.equal(notes.statusCode, 200);
  assert.ok(Array.isArray(notes.json().data));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/data/bootstrap', headers: { cookie } })).statusCode, 200);
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/clients/', headers: { cookie, 'x-csrf-token': csrf }, payload: { email: 'pix@example.test', first_name: 'Pix' } });
  assert.equal(created.statusCode, 201, created.body);
  const clients = await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(clients.statusCode, 200);
  const expired = await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { cookie: 'sessionid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
  assert.equal(expired.statusCode, 401);
  assert.equal(expired.json().error, 'Unauthorized');
  assert.equal(expired.json().message, 'Session expired or invalid');
});

test('PhotoShelter: form-encoded authenticate with mode=token and the mandatory API key; org authenticate; logout', async () => {
  const strict = await buildTestApp({ auth: { requireAppKey: true } });
  try {
    const member = await createUser(strict, { studio: 'Org One' });
    const { studioId: orgTwo } = await createUser(strict, { studio: 'Org Two' });
    await strict.store.studios.putMembership({ studioId: orgTwo as string, userId: member.id, role: 'admin', now: strict.clock.now() });
    const { key } = await createAppKey(strict.store, strict.clock, { studioId: member.studioId as string, createdBy: member.id, name: 'ps' });
    const body = `email=${encodeURIComponent(member.email)}&password=${encodeURIComponent(member.password)}&mode=token`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await strict.app.inject({ method: 'POST', url: '/api/auth/login', headers: form, payload: body })).statusCode, 401, 'no API key');
    const auth = await strict.app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...form, 'x-api-key': key }, payload: body });
    assert.equal(auth.statusCode, 200, auth.body);
    const token = auth.json().token as string;
    assert.equal(auth.json().studios.length, 2, 'the org list comes with the login');
    const org = await strict.app.inject({ method: 'POST', url: `/api/auth/studios/${orgTwo}/login`, headers: { 'x-api-key': key, 'x-auth-token': token } });
    assert.equal(org.statusCode, 200, org.body);
    const me = await strict.app.inject({ method: 'GET', url: `/api/auth/me?auth_token=${token}`, headers: { 'x-api-key': key } });
    assert.equal(me.json().studio.id, orgTwo);
    assert.equal((await strict.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'x-api-key': key, 'x-auth-token': token } })).statusCode, 200);
    assert.equal((await strict.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-api-key': key, 'x-auth-token': token } })).statusCode, 401);
  } finally {
    await strict.close();
  }
});

test('LibrePhotos: token obtain, Bearer, refresh, the jwt cookie, Basic with -u, and /api/help', async () => {
  const obtain = await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: u.username, password: u.password }) });
  assert.equal(obtain.statusCode, 200);
  const { access, refresh } = obtain.json() as { access: string; refresh: string };
  assert.ok(cookieOf(obtain, 'jwt'));
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { authorization: `Bearer ${access}` } })).statusCode, 200);
  const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ refresh }) });
  assert.equal(refreshed.statusCode, 200);
  assert.ok(refreshed.json().access && refreshed.json().refresh);
  const basic = Buffer.from(`${u.username}:${u.password}`).toString('base64');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/clients/', headers: { authorization: `Basic ${basic}` } })).statusCode, 200);
  const help = await t.app.inject({ method: 'GET', url: '/api/help' });
  assert.equal(help.statusCode, 200);
  assert.match(help.body, /token\/obtain/, 'the help names the JWT endpoints');
});

test('Kirby: session + X-CSRF header on reads and writes; Basic with an email', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } });
  const cookie = jar(res);
  const csrf = res.json().csrf_token as string;
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie, 'x-csrf': csrf } })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/clients/', headers: { cookie, 'x-csrf': csrf }, payload: { email: 'kirby@example.test', first_name: 'K' } })).statusCode, 201);
  const basic = Buffer.from(`${u.email}:${u.password}`).toString('base64');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Basic ${basic}` } })).statusCode, 200);
});

test('Django style: POST /api/auth/login 201 with sessionid Max-Age=1209600; GET /api/csrf; csrftoken cookie + X-Csrftoken', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
  assert.equal(res.statusCode, 201);
  const session = cookieOf(res, 'sessionid');
  assert.equal(session?.attributes['max-age'], '1209600');
  assert.equal(session?.attributes.httponly, true);
  assert.equal(session?.attributes.samesite, 'Lax');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${session?.value}` } });
  assert.deepEqual(Object.keys(me.json().user).sort(), ['email', 'first_name', 'id', 'last_name', 'username']);
  const csrfRes = await t.app.inject({ method: 'GET', url: '/api/csrf', headers: { cookie: `sessionid=${session?.value}` } });
  const csrf = cookieOf(csrfRes, 'csrftoken')?.value as string;
  assert.equal(csrfRes.json().csrf_token, csrf);
  const write = await t.app.inject({ method: 'POST', url: '/api/v1/clients/', headers: { cookie: `sessionid=${session?.value}; csrftoken=${csrf}`, 'X-Csrftoken': csrf }, payload: { email: 'dj@example.test', first_name: 'D' } });
  assert.equal(write.statusCode, 201, write.body);
});
