// GET /api/v1/data/bootstrap and the studio settings it carries (issue #4).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { apiAs, type ApiCall } from '../helpers/studio-api.ts';

describe('bootstrap and studio settings', () => {
  let t: TestApp;
  let owner: TestUser;
  let asOwner: ApiCall;
  let asViewer: ApiCall;

  before(async () => {
    t = await buildTestApp();
    owner = await createUser(t, { studio: 'Boot Studio', role: 'owner' });
    asOwner = apiAs(t, await login(t, owner));
    const viewer = await createUser(t, { studio: 'Boot Studio', role: 'viewer' });
    asViewer = apiAs(t, await login(t, viewer));
  });
  after(async () => {
    await t.close();
  });

  test('owner: account, profile, active studio, default settings and permissions', async () => {
    const res = await asOwner('GET', '/api/v1/data/bootstrap');
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data;
    assert.deepEqual(Object.keys(res.json()), ['data']);
    assert.deepEqual(data.account, { id: owner.id, username: owner.username, email: owner.email, created_at: new Date(t.clock.now()).toISOString() });
    assert.deepEqual(data.profile, { first_name: 'Test', last_name: 'User', display_name: 'Test User' });
    assert.deepEqual(data.studio, { id: owner.studioId, name: 'Boot Studio', slug: 'boot-studio', role: 'owner' });
    assert.deepEqual(data.settings, { timezone: 'UTC', currency: 'USD', default_downloadable: 'web-size' });
    assert.deepEqual(data.studios, [data.studio]);
    for (const p of ['account:read', 'clients:read', 'clients:write', 'studio:manage', 'members:manage']) assert.ok(data.permissions.includes(p), p);
    assert.doesNotMatch(res.body, /password|hash|argon/i);
  });

  test('viewer: read-only permissions', async () => {
    const data = (await asViewer('GET', '/api/v1/data/bootstrap')).json().data;
    assert.equal(data.studio.role, 'viewer');
    assert.ok(data.permissions.includes('clients:read'));
    for (const p of ['clients:write', 'notifications:write', 'studio:manage', 'members:manage']) assert.ok(!data.permissions.includes(p), p);
  });

  test('settings changes are stored, validated and reflected in bootstrap', async () => {
    const changed = await asOwner('PATCH', '/api/v1/studio/settings', { timezone: 'Europe/Paris', currency: 'eur', studio_id: 'st_x' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json().data, { timezone: 'Europe/Paris', currency: 'EUR', default_downloadable: 'web-size' });
    const partial = await asOwner('PATCH', '/api/v1/studio/settings', { default_downloadable: 'original' });
    assert.deepEqual(partial.json().data, { timezone: 'Europe/Paris', currency: 'EUR', default_downloadable: 'original' });
    assert.deepEqual((await asViewer('GET', '/api/v1/studio/settings')).json().data, partial.json().data);
    assert.deepEqual((await asViewer('GET', '/api/v1/data/bootstrap')).json().data.settings, partial.json().data);

    const bad = assertJsonError(await asOwner('PATCH', '/api/v1/studio/settings', { timezone: 'Mars/Olympus', currency: 'XYZ' }), 422, 'validation_failed');
    assert.deepEqual(Object.keys(bad.details as object).sort(), ['currency', 'timezone']);
    assertJsonError(await asOwner('PATCH', '/api/v1/studio/settings', { default_downloadable: 'everything' }), 422, 'validation_failed');
    assertJsonError(await asOwner('PATCH', '/api/v1/studio/settings', { currency: 'EU' }), 422, 'validation_failed');
    assert.deepEqual((await asOwner('GET', '/api/v1/studio/settings')).json().data, partial.json().data);
  });

  test("another studio's settings are its own", async () => {
    const other = await createUser(t, { studio: 'Other Boot Studio', role: 'owner' });
    const data = (await apiAs(t, await login(t, other))('GET', '/api/v1/data/bootstrap')).json().data;
    assert.deepEqual(data.settings, { timezone: 'UTC', currency: 'USD', default_downloadable: 'web-size' });
    assert.equal(data.studio.name, 'Other Boot Studio');
  });

  test('a user without a studio gets the account with no studio', async () => {
    const loner = await createUser(t);
    const res = await apiAs(t, await login(t, loner))('GET', '/api/v1/data/bootstrap');
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data;
    assert.equal(data.account.id, loner.id);
    assert.equal(data.studio, null);
    assert.equal(data.settings, null);
    assert.deepEqual(data.studios, []);
    assert.ok(!data.permissions.includes('clients:read'));
  });

  test('unauthenticated bootstrap is 401', async () => {
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/data/bootstrap' }), 401, 'authentication_required');
  });
});
