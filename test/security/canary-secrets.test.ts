// issue #22, "Canary secrets": a real Lightbox process at log level debug is driven through every credential scheme
// (cookie + CSRF, token mode in all three places, JWT access and refresh with reuse, Basic, personal access tokens,
// application keys, gallery visitors, password change) and their failures; then every line it printed and every
// response body is searched for each secret in every spelling it travelled in. Zero hits, apart from the one response
// that issues a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';

interface Seen { label: string; status: number; body: string; issues: string[] }

test('canary secrets at log level debug: no secret in any log line, and none in a body except the response that issues it', { timeout: 180_000 }, async (t) => {
  const p = await startLightboxProcess({ demo: true, env: { LIGHTBOX_LOG_LEVEL: 'debug', LIGHTBOX_AUTH_BASIC_ENABLED: 'true', LIGHTBOX_AUTH_BASIC_ALLOW_INSECURE: 'true' } });
  const seen: Seen[] = [];
  const secrets = new Map<string, string>();
  const canary = (name: string): string => {
    const value = `Canary-${name}-${randomBytes(9).toString('base64url')}`;
    secrets.set(name, value);
    return value;
  };
  /** A request; `issues` names the secrets this response is meant to hand out. */
  const call = async (label: string, path: string, init: RequestInit & { json?: unknown } = {}, issues: string[] = []): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(`${p.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' });
    seen.push({ label, status: res.status, body: await res.clone().text(), issues });
    return res;
  };
  const cookieValue = (res: Response, name: string): string => {
    const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    assert.ok(line, `${name} cookie set`);
    return line.slice(name.length + 1).split(';')[0] ?? '';
  };
  try {
    const demo = p.demo!;
    secrets.set('password', demo.password);
    secrets.set('gallery password', demo.galleryPassword);

    // Cookie session and CSRF.
    const login = await call('cookie login', '/api/auth/login', { method: 'POST', json: { email: demo.email, password: demo.password } }, ['csrf']);
    assert.equal(login.status, 201);
    secrets.set('session cookie', cookieValue(login, 'sessionid'));
    secrets.set('csrf', cookieValue(login, 'csrftoken'));
    const jar = { cookie: `sessionid=${secrets.get('session cookie')}; csrftoken=${secrets.get('csrf')}` };
    const csrf = { ...jar, 'x-csrftoken': secrets.get('csrf') ?? '' };
    assert.equal((await call('me by cookie', '/api/auth/me', { headers: jar })).status, 200);
    assert.equal((await call('write with csrf', '/api/v1/clients', { method: 'POST', headers: csrf, json: { email: 'canary-client@example.com' } })).status, 201);
    assert.equal((await call('write with a wrong csrf', '/api/v1/clients', { method: 'POST', headers: { ...jar, 'x-csrftoken': canary('forged csrf') }, json: { email: 'x@example.com' } })).status, 403);

    // Personal access token and application key, created on the cookie session.
    const pat = await call('create pat', '/api/v1/access-tokens', { method: 'POST', headers: csrf, json: { name: 'canary', scopes: ['account:read', 'clients:read'], current_password: demo.password } }, ['pat']);
    assert.equal(pat.status, 201, await pat.clone().text());
    secrets.set('pat', ((await pat.json()) as { data: { token: string } }).data.token);
    const key = await call('create app key', '/api/v1/app-keys', { method: 'POST', headers: csrf, json: { name: 'canary app', current_password: demo.password } }, ['app key']);
    assert.equal(key.status, 201, await key.clone().text());
    secrets.set('app key', ((await key.json()) as { data: { key: string } }).data.key);
    assert.equal((await call('me by pat', '/api/auth/me', { headers: { authorization: `Bearer ${secrets.get('pat')}`, 'x-api-key': secrets.get('app key') ?? '' } })).status, 200);
    assert.equal((await call('a wrong pat', '/api/auth/me', { headers: { authorization: `Bearer lbx_pat_${canary('wrong pat')}` } })).status, 401);

    // Token mode, in the header, as a bearer and in the query (also with its name percent-encoded).
    const tokenLogin = await call('token login', '/api/auth/login', { method: 'POST', json: { email: demo.email, password: demo.password, mode: 'token' } }, ['token']);
    secrets.set('token', ((await tokenLogin.json()) as { token: string }).token);
    const token = secrets.get('token') ?? '';
    for (const [label, path, headers] of [
      ['x-auth-token', '/api/auth/me', { 'x-auth-token': token }],
      ['bearer token', '/api/auth/me', { authorization: `Bearer ${token}` }],
      ['auth_token query', `/api/auth/me?auth_token=${encodeURIComponent(token)}`, {}],
      ['encoded auth_token query', `/api/auth/me?%61uth_%74oken=${encodeURIComponent(token)}`, {}],
    ] as const) assert.equal((await call(label, path, { headers })).status, 200, label);
    assert.equal((await call('a wrong token', `/api/auth/me?auth_token=${canary('wrong token')}`)).status, 401);

    // JWT access and refresh, a refresh, and the reuse of a spent refresh token (which revokes the family).
    const obtain = await call('jwt obtain', '/api/auth/token/obtain/', { method: 'POST', json: { username: demo.email, password: demo.password } }, ['access', 'refresh', 'jwt cookie']);
    assert.equal(obtain.status, 200, await obtain.clone().text());
    const pair = (await obtain.json()) as { access: string; refresh: string };
    secrets.set('access', pair.access);
    secrets.set('refresh', pair.refresh);
    assert.equal((await call('me by jwt', '/api/auth/me', { headers: { authorization: `Bearer ${pair.access}` } })).status, 200);
    const refreshed = await call('jwt refresh', '/api/auth/token/refresh/', { method: 'POST', json: { refresh: pair.refresh } }, ['access 2', 'refresh 2', 'jwt cookie']);
    assert.equal(refreshed.status, 200);
    const pair2 = (await refreshed.json()) as { access: string; refresh: string };
    secrets.set('access 2', pair2.access);
    secrets.set('refresh 2', pair2.refresh);
    assert.equal((await call('refresh reuse', '/api/auth/token/refresh/', { method: 'POST', json: { refresh: pair.refresh } })).status, 401);

    // HTTP Basic, right and wrong.
    const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    secrets.set('basic header', basic(demo.email, demo.password).slice(6));
    assert.equal((await call('basic', '/api/auth/me', { headers: { authorization: basic(demo.email, demo.password) } })).status, 200);
    const wrongBasic = basic(demo.email, canary('wrong basic password'));
    secrets.set('wrong basic header', wrongBasic.slice(6));
    assert.equal((await call('wrong basic', '/api/auth/me', { headers: { authorization: wrongBasic } })).status, 401);

    // Failed logins: a wrong password, and a password typed into the email field (it matches no account).
    assert.equal((await call('wrong password', '/api/auth/login', { method: 'POST', json: { email: demo.email, password: canary('wrong password') } })).status, 401);
    assert.equal((await call('password in the email field', '/api/auth/login', { method: 'POST', json: { email: canary('typed into email'), password: demo.password } })).status, 401);
    assert.equal((await call('form login failure', '/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body: new URLSearchParams({ email: demo.email, password: canary('form password') }).toString() })).status, 401);

    // A gallery visitor, with and without the right collection password.
    const slug = new URL(demo.galleryUrl).searchParams.get('collection') ?? '';
    const visitor = await call('visitor login', '/galleries/login', { method: 'POST', json: { email: 'canary-visitor@example.com', collection: slug, password: demo.galleryPassword } }, ['visitor csrf']);
    assert.equal(visitor.status, 201, await visitor.clone().text());
    secrets.set('visitor session', cookieValue(visitor, 'gallery_session'));
    secrets.set('visitor csrf', cookieValue(visitor, 'gallery_csrftoken'));
    assert.equal((await call('visitor favorites', '/api/v1/gallery/favorites', { headers: { cookie: `gallery_session=${secrets.get('visitor session')}` } })).status, 200);
    assert.equal((await call('wrong gallery password', '/galleries/login', { method: 'POST', json: { email: 'canary-visitor@example.com', collection: slug, password: canary('wrong gallery password') } })).status, 401);

    // A password change (ends the other sessions) and the token logout.
    const newPassword = canary('new password');
    const changed = await call('password change', '/api/auth/password', { method: 'POST', headers: csrf, json: { current_password: demo.password, new_password: `${newPassword} with more words` } }, ['csrf 2']);
    secrets.set('new password', `${newPassword} with more words`);
    assert.equal(changed.status, 200, await changed.clone().text());
    assert.equal((await call('old token after the change', '/api/auth/me', { headers: { 'x-auth-token': token } })).status, 401);
  } finally {
    await p.stop();
  }

  // The demo banner prints its own logins on purpose (to the operator who asked for --demo); everything else counts.
  const logs = p.output.filter((l) => !/^\s+(collection )?password: /.test(l)).join('\n');
  // Every request was logged (arriving and completed), so the search below looked at real log lines.
  const completed = p.output.filter((l) => l.includes('"msg":"request completed"')).length;
  assert.ok(completed >= seen.length, `${completed} completed-request lines for ${seen.length} requests`);
  assert.ok(seen.length > 25);
  const spellings = (value: string): string[] => [...new Set([value, encodeURIComponent(value), Buffer.from(value).toString('base64')])];
  const leaks: string[] = [];
  for (const [name, value] of secrets) {
    for (const spelling of spellings(value)) {
      if (logs.includes(spelling)) leaks.push(`${name} in the log`);
      for (const r of seen) if (!r.issues.includes(name) && r.body.includes(spelling)) leaks.push(`${name} in the body of "${r.label}" (${r.status})`);
    }
  }
  t.diagnostic(`${secrets.size} secrets, ${seen.length} responses, ${p.output.length} log lines searched`);
  assert.deepEqual([...new Set(leaks)], []);
});
