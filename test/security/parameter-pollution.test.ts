// R47: repeated query parameters are refused with 400, never silently resolved (issue #2's bad-input rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('a repeated query parameter is a 400; a repeated auth_token is ambiguous credentials', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Pollution' });
    const s = await login(t, u);
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/clients/?page=1&page=2', headers: { cookie: s.cookie } }), 400, 'bad_request');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/notifications/all?per_page=5&per_page=500', headers: { cookie: s.cookie } }), 400, 'bad_request');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me?auth_token=a&auth_token=b' }), 400, 'ambiguous_credentials');
    const single = await t.app.inject({ method: 'GET', url: '/api/v1/clients/?page=2&per_page=5', headers: { cookie: s.cookie } });
    assert.equal(single.statusCode, 200, single.body);
  } finally {
    await t.close();
  }
});
