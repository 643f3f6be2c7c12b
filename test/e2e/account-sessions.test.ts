// Issue #20: a user sees every session and token they hold, with where each started, and ends one or all the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { describeUserAgent } from '../../src/http/account.ts';
import { createClient, LightboxError } from '../../src/client/index.ts';
import { startLiveServer } from '../helpers/live-server.ts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface Listed { id: string; kind: string; current: boolean; name: string | null; client_address: string | null; user_agent: string | null; device: string | null }

async function everyKind(t: TestApp) {
  const u = await createUser(t, { studio: 'Sessions Studio' });
  const creds = { email: u.email, password: u.password };
  const browser = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': FIREFOX }, payload: creds });
  const session = cookieOf(browser, t.config.cookies.session)!.value;
  const csrf = cookieOf(browser, t.config.cookies.csrf)!.value;
  const cookie = { cookie: `${t.config.cookies.session}=${session}; ${t.config.cookies.csrf}=${csrf}`, 'x-csrf-token': csrf };
  const phone = cookieOf(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': SAFARI_IPHONE }, payload: creds }), t.config.cookies.session)!.value;
  const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': 'curl/8.5.0' }, payload: { ...creds, mode: 'token' } })).json().token as string;
  const jwt = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain', headers: { 'user-agent': 'lightbox-sdk/0.1' }, payload: creds })).json() as { access: string; refresh: string };
  const pat = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers: cookie, payload: { name: 'backup script', scopes: ['account:read'] } });
  assert.equal(pat.statusCode, 201, pat.body);
  return { u, cookie, phone, token, jwt, pat: pat.json().data as { id: string; token: string } };
}

const list = async (t: TestApp, headers: Record<string, string>): Promise<Listed[]> => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/account/sessions', headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data as Listed[];
};
const status = async (t: TestApp, headers: Record<string, string>): Promise<number> => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode;

test('the list shows every kind of credential, where it started, in words, and which one is this request', async () => {
  const t = await buildTestApp();
  try {
    const { cookie, pat } = await everyKind(t);
    const items = await list(t, cookie);
    assert.deepEqual(items.map((i) => i.kind).sort(), ['cookie', 'cookie', 'jwt', 'personal_access_token', 'token']);
    const current = items.filter((i) => i.current);
    assert.equal(current.length, 1);
    assert.equal(current[0]!.device, 'Firefox 133 on Linux');
    assert.equal(current[0]!.client_address, '127.0.0.1');
    assert.equal(items.find((i) => i.kind === 'token')!.device, 'curl/8.5.0');
    assert.match(items.find((i) => i.kind === 'cookie' && !i.current)!.device ?? '', /^Safari 17 on iOS$/);
    assert.deepEqual(items.find((i) => i.kind === 'personal_access_token'), {
      ...items.find((i) => i.kind === 'personal_access_token'), id: pat.id, name: 'backup script', current: false,
    });
    for (const i of items.filter((x) => x.kind !== 'personal_access_token')) assert.match(i.id, /^ses_[A-Za-z0-9_-]{24}$/);
    const body = JSON.stringify(items);
    assert.ok(!body.includes(pat.token), 'no secret in the list');
  } finally {
    await t.close();
  }
});

test('ending one session stops exactly that one; another user\'s id is not found; a malformed id is refused', async () => {
  const t = await buildTestApp();
  try {
    const { cookie, token, phone } = await everyKind(t);
    const tokenSession = (await list(t, cookie)).find((i) => i.kind === 'token')!;
    const ended = await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${tokenSession.id}`, headers: cookie });
    assert.equal(ended.statusCode, 204, ended.body);
    assert.equal(await status(t, { 'x-auth-token': token }), 401, 'the token-mode token is refused at once');
    assert.equal(await status(t, { cookie: `${t.config.cookies.session}=${phone}` }), 200, 'the other sessions keep working');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${tokenSession.id}`, headers: cookie }), 404, 'not_found');

    const other = await everyKind(t);
    const theirs = (await list(t, other.cookie)).find((i) => i.kind === 'cookie' && i.current)!;
    assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${theirs.id}`, headers: cookie }), 404, 'not_found');
    assert.equal(await status(t, other.cookie), 200, 'someone else\'s session is untouched');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: '/api/v1/account/sessions/ses_short', headers: cookie }), 400, 'invalid_id_format');
    const noCsrf = await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${theirs.id}`, headers: { cookie: cookie.cookie } });
    assert.equal(noCsrf.statusCode, 403, 'a browser session needs its CSRF token to end a session');
  } finally {
    await t.close();
  }
});

test('sign out everywhere else keeps this session and, by default, personal access tokens', async () => {
  const t = await buildTestApp();
  try {
    const { cookie, phone, token, jwt, pat } = await everyKind(t);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/account/sessions/revoke-others', headers: cookie, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { sessions_ended: 3, tokens_revoked: 0 });
    assert.equal(await status(t, cookie), 200, 'this session stays');
    assert.equal(await status(t, { cookie: `${t.config.cookies.session}=${phone}` }), 401);
    assert.equal(await status(t, { 'x-auth-token': token }), 401);
    assert.equal(await status(t, { authorization: `Bearer ${jwt.access}` }), 401);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh', payload: { refresh: jwt.refresh } })).statusCode, 401, 'the JWT family is gone');
    assert.equal(await status(t, { authorization: `Bearer ${pat.token}` }), 200, 'the token a script runs on stays unless asked');

    const all = await t.app.inject({ method: 'POST', url: '/api/v1/account/sessions/revoke-others', headers: cookie, payload: { include_personal_access_tokens: true } });
    assert.deepEqual(all.json(), { sessions_ended: 0, tokens_revoked: 1 });
    assert.equal(await status(t, { authorization: `Bearer ${pat.token}` }), 401);
    assert.deepEqual((await list(t, cookie)).map((i) => i.current), [true]);
  } finally {
    await t.close();
  }
});

test('a personal access token may list credentials but not end them', async () => {
  const t = await buildTestApp();
  try {
    const { pat, cookie } = await everyKind(t);
    const bearer = { authorization: `Bearer ${pat.token}` };
    assert.equal((await list(t, bearer)).length, 5);
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/account/sessions/revoke-others', headers: bearer, payload: {} }), 403, 'insufficient_scope');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/account/sessions/${pat.id}`, headers: bearer }), 403, 'insufficient_scope');
    assert.equal(await status(t, cookie), 200);
  } finally {
    await t.close();
  }
});

test('describeUserAgent: browsers in words, other clients by their product token, nothing for no agent', () => {
  assert.equal(describeUserAgent(FIREFOX), 'Firefox 133 on Linux');
  assert.equal(describeUserAgent('python-requests/2.32.3'), 'python-requests/2.32.3');
  assert.equal(describeUserAgent(null), null);
});

test('the SDK: sessions.list, sessions.end and sessions.revokeOthers against a live server', async () => {
  const s = await startLiveServer();
  try {
    const u = await createUser(s, { studio: 'SDK Sessions' });
    const auth = { email: u.email, password: u.password };
    const browserLike = createClient({ baseUrl: s.url, auth: { type: 'session', ...auth } });
    const script = createClient({ baseUrl: s.url, auth: { type: 'token', ...auth } });
    await script.me();
    const listed = await browserLike.sessions.list();
    assert.deepEqual(listed.map((c) => [c.kind, c.current]), [['cookie', true], ['token', false]]);
    assert.equal(listed[0]!.device, 'node', 'Node\'s fetch says "node" as its user agent');
    await browserLike.sessions.end(listed[1]!.id);
    // The SDK logs in again by itself after a 401, so the script keeps working on a brand-new token-mode session.
    await script.me();
    const after = await browserLike.sessions.list();
    assert.equal(after.length, 2);
    assert.ok(!after.some((c) => c.id === listed[1]!.id), 'the ended session is gone');
    assert.deepEqual(await browserLike.sessions.revokeOthers(), { sessions_ended: 1, tokens_revoked: 0 });
    await assert.rejects(browserLike.sessions.end('ses_short'), (e: unknown) => e instanceof LightboxError && e.status === 400);
  } finally {
    await s.close();
  }
});
