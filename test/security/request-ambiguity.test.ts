// issue #22, defect 6: the smaller ones. A repeated credential header is refused as ambiguous (checked against a real
// listening server, since Node itself drops or joins repeated headers); a JWT issued in the future is refused; lone
// UTF-16 surrogates never reach the store; CSRF's "own origin" is server.publicUrl when set; a download is never
// recorded for another site's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { createUser, login, withTestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin } from '../helpers/gallery.ts';

/** One request with headers given as [name, value] lines, repeats kept (fetch and inject would merge them). */
function rawGet(base: string, path: string, lines: Array<[string, string]>, method = 'GET'): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, timeout: 5000 });
    const grouped = new Map<string, string[]>();
    for (const [name, value] of lines) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    for (const [name, values] of grouped) req.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

test('R46 two Authorization, X-Auth-Token, X-Api-Key or CSRF headers are a 400, never first-wins', async () => {
  const t = await startLiveServer();
  try {
    const user = await createUser(t, { studio: 'Ambiguity' });
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password, mode: 'token' } })).json().token as string;
    const s = await login(t, user);
    assert.equal((await rawGet(t.url, '/api/auth/me', [['Authorization', `Bearer ${token}`]])).status, 200, 'one header works');
    const cases: Array<[string, Array<[string, string]>, string?]> = [
      ['Authorization twice (valid first)', [['Authorization', `Bearer ${token}`], ['Authorization', 'Bearer forged']]],
      ['Authorization twice (same value)', [['Authorization', `Bearer ${token}`], ['Authorization', `Bearer ${token}`]]],
      ['X-Auth-Token twice', [['X-Auth-Token', token], ['X-Auth-Token', 'forged']]],
      ['X-Api-Key twice', [['Authorization', `Bearer ${token}`], ['X-Api-Key', 'lbx_app_a'], ['X-Api-Key', 'lbx_app_b']]],
      ['X-CSRF-Token twice', [['Cookie', s.cookie], ['X-CSRF-Token', s.csrf], ['X-CSRF-Token', 'forged']], 'POST'],
      ['X-XSRF-Token twice', [['Cookie', s.cookie], ['X-XSRF-Token', 'a'], ['X-XSRF-Token', 'b']], 'POST'],
    ];
    for (const [name, lines, method] of cases) {
      const res = await rawGet(t.url, method === 'POST' ? '/api/auth/logout' : '/api/auth/me', lines, method);
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'ambiguous_credentials', name);
    }
    // The session the CSRF cases carried is still alive: nothing was done with it.
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 200);
    const planted = await rawGet(t.url, '/api/auth/me', [['Cookie', `${t.config.cookies.session}=${s.session}`], ['Cookie', `${t.config.cookies.session}=planted`]]);
    assert.equal(planted.status, 400, 'a session cookie name given twice with two values');
    assert.equal(planted.body.code, 'ambiguous_credentials');
  } finally {
    await t.close();
  }
});

test('R27 a JWT whose iat lies beyond the clock skew in the future is refused; within the skew it is accepted', () => withTestApp({}, async (t) => {
  const user = await createUser(t, { studio: 'Future' });
  const pair = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: { email: user.email, password: user.password } })).json() as { access: string };
  const claims = await t.deps.keyring.verify(pair.access);
  assert.ok(claims);
  const me = (access: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${access}` } });
  assert.equal((await me(pair.access)).statusCode, 200);
  const sign = async (aheadSeconds: number): Promise<string> => {
    t.clock.advance(aheadSeconds);
    const { token } = await t.deps.keyring.sign({ sub: claims.sub, sid: claims.sid, studio: claims.studio, scope: [] });
    t.clock.advance(-aheadSeconds);
    return token;
  };
  const leeway = t.config.auth.jwt.leeway;
  assertJsonError(await me(await sign(600)), 401, 'invalid_token');
  assertJsonError(await me(await sign(leeway + 2)), 401, 'invalid_token');
  assert.equal((await me(await sign(Math.max(0, leeway - 1)))).statusCode, 200, 'within the documented skew');
}));

test('R45 lone UTF-16 surrogates in a JSON body are a 422 naming the field; real pairs are kept', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const post = (raw: string) => t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { ...s.headers, 'content-type': 'application/json' }, payload: raw });
  for (const [raw, field] of [
    ['{"name":"Wed\\ud800ding"}', 'name'],
    ['{"name":"ok","description":"\\udc00 trailing"}', 'description'],
    ['{"name":"ok","client_emails":["a@example.com","b\\ud83d@example.com"]}', 'client_emails.1'],
    ['{"name":"ok","\\ud800":1}', '\ufffd'],
  ] as const) {
    const res = await post(raw);
    const body = assertJsonError(res, 422, 'validation_failed');
    assert.ok(Object.hasOwn(body.details as object, field), `${raw}: ${res.body}`);
  }
  assert.equal((await t.store.collections.listCollectionIndex(s.studioId)).length, 0, 'nothing was stored');
  const camera = await post('{"name":"Photo \\ud83d\\udcf7"}');
  assert.equal(camera.statusCode, 201, camera.body);
  assert.equal(camera.json().data.name, 'Photo \u{1F4F7}');
}));

test('R42 with server.publicUrl set, the CSRF origin check trusts its origin, not the Host header', () => withTestApp({ server: { publicUrl: 'https://photos.example.com' } }, async (t) => {
  const user = await createUser(t, { studio: 'Public URL' });
  const s = await login(t, user);
  const logout = (origin: string, host: string) => t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin, host } });
  assertJsonError(await logout('http://evil.test', 'evil.test'), 403, 'origin_rejected');
  assertJsonError(await logout('http://localhost:80', 'localhost:80'), 403, 'origin_rejected');
  assert.equal((await logout('https://photos.example.com', 'evil.test')).statusCode, 200);
}));

test('R22 a download is recorded only for our own pages, a typed URL or a non-browser client, never for another site', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { downloadable: 'original' });
  const gallery = await createGallery(t, s, collection.id, { name: 'Public' });
  const photo = await uploadOne(t, s, gallery.id, await sampleJpeg(), 'kiss.jpg');
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: collection.slug });
  const get = (path: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url: `/api/v1/gallery/photos/${photo.id}/${path}`, headers: { cookie: v.cookie, ...headers } });
  const downloads = async (): Promise<number> => (await t.store.galleryActivity.listDownloads(collection.id, { limit: 100, offset: 0 })).total;
  for (const path of ['download?size=original', 'download', 'original']) {
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { referer: 'https://evil.test/page' }] as Array<Record<string, string>>) {
      assertJsonError(await get(path, headers), 403, 'origin_rejected');
    }
  }
  assert.equal(await downloads(), 0, 'no refused request was recorded');
  for (const headers of [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }, {}] as Array<Record<string, string>>) assert.equal((await get('download', headers)).statusCode, 200);
  assert.equal(await downloads(), 3);
  assert.equal((await get('thumbnail', { 'sec-fetch-site': 'cross-site' })).statusCode, 200, 'viewing records nothing and stays open');
}));
