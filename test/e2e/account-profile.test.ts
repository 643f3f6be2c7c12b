// Issue #18, the studio app's account page: PATCH /api/v1/account changes your first and last name (trimmed; control
// characters refused with 422; your email and username never change here), the new names are what the next request
// sees (the cached user is dropped), the audit log has the change, and a personal access token cannot make it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

test('PATCH /api/v1/account: first and last name, seen at once; bad names 422; a personal access token is refused', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Profile Studio' });
    const s = await login(t, u);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    const patch = (payload: Record<string, unknown>, h: Record<string, string> = headers): Promise<Awaited<ReturnType<typeof t.app.inject>>> => t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers: h, payload });
    await t.app.inject({ method: 'GET', url: '/api/v1/account', headers }); // the user is now in the identity cache
    const res = await patch({ first_name: '  Mara ', last_name: 'Okafor-Lindqvist' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().data.first_name, res.json().data.last_name, res.json().data.email, res.json().data.username], ['Mara', 'Okafor-Lindqvist', u.email, u.username]);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers });
    assert.deepEqual([me.json().data.first_name, me.json().data.last_name], ['Mara', 'Okafor-Lindqvist'], 'the next request sees the new names');
    assert.equal((await patch({ last_name: 'Okafor' })).json().data.first_name, 'Mara', 'a field left out stays');
    const bad = await patch({ first_name: 'Mara\u202e' });
    assert.deepEqual([bad.statusCode, bad.json().code, bad.json().details], [422, 'validation_failed', { first_name: 'must not contain control characters' }]);
    assert.equal((await patch({ first_name: 'x'.repeat(201) })).statusCode, 422);
    assert.equal((await patch({ email: 'other@example.test' })).json().data.email, u.email, 'the email is not changed here');
    const events = await t.store.audit.listAuditEvents(u.studioId as string, {}, null, 50);
    assert.ok(events.some((e) => e.kind === 'account_names_changed'), 'audited');

    const pat = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'script', scopes: ['account:read'] } });
    assert.equal(pat.statusCode, 201, pat.body);
    const viaPat = await patch({ first_name: 'Token' }, { authorization: `Bearer ${pat.json().data.token as string}` });
    assert.deepEqual([viaPat.statusCode, viaPat.json().code], [403, 'insufficient_scope']);
  } finally {
    await t.close();
  }
});
