// A password change needs the current password and ends every credential issued before it (SECURITY-BAR R4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, login } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('changing the password ends sessions, tokens and JWT families, and re-issues the caller a session', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Pw Studio' });
    const s1 = await login(t, u);
    const s2 = await login(t, u);
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, mode: 'token' } })).json().token as string;
    const pair = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: u.email, password: u.password } })).json() as { access: string; refresh: string };
    const headers = { cookie: s1.cookie, 'x-csrf-token': s1.csrf };

    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { new_password: 'a brand new passphrase' } }), 422, 'validation_failed');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: 'not my password at all', new_password: 'a brand new passphrase' } }), 401, 'invalid_credentials');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: u.password, new_password: 'password1234' } }), 400, 'weak_password');

    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: u.password, new_password: 'a brand new passphrase' } });
    assert.equal(ok.statusCode, 200, ok.body);
    const fresh = cookieOf(ok, 'sessionid');
    assert.ok(fresh && fresh.value !== s1.session, 'the caller gets a new session');

    for (const [label, h] of [['S1', { cookie: s1.cookie }], ['S2', { cookie: s2.cookie }], ['token', { 'x-auth-token': token }], ['jwt', { authorization: `Bearer ${pair.access}` }]] as const) {
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: h })).statusCode, 401, `${label} is revoked`);
    }
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: pair.refresh } })).statusCode, 401, 'the refresh family is revoked');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `sessionid=${fresh.value}` } })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } })).statusCode, 401, 'the old password is gone');
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: 'a brand new passphrase' } })).statusCode, 201);
  } finally {
    await t.close();
  }
});

test('personal access tokens survive a password change unless the caller asks for them to go too', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Pat Studio' });
    const s = await login(t, u);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const mint = async (name: string): Promise<string> => (await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name, scopes: ['account:read'] } })).json().data.token as string;
    const kept = await mint('kept');
    const first = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { current_password: u.password, new_password: 'a brand new passphrase' } });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${kept}` } })).statusCode, 200, 'the default keeps scripts running');

    const fresh = cookieOf(first, 'sessionid')!.value;
    const csrf = first.json().csrf_token as string;
    const next = { cookie: `sessionid=${fresh}; csrftoken=${csrf}`, 'x-csrf-token': csrf };
    const second = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: next, payload: { current_password: 'a brand new passphrase', new_password: 'another fresh passphrase', revoke_personal_access_tokens: true } });
    assert.equal(second.statusCode, 200, second.body);
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${kept}` } }), 401, 'invalid_token');
  } finally {
    await t.close();
  }
});
