// Issue #20: a studio's owners and admins see and end the sessions its members hold in that studio, and no others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import type { Role } from '../../src/store/types.ts';

async function joined(t: TestApp, studioId: string, role: Role): Promise<TestUser> {
  const u = await createUser(t);
  await t.store.studios.putMembership({ studioId, userId: u.id, role, now: t.clock.now() });
  return { ...u, studioId };
}

const tokenLogin = async (t: TestApp, u: TestUser): Promise<string> =>
  (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, mode: 'token' } })).json().token as string;
const me = async (t: TestApp, token: string): Promise<number> => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } })).statusCode;

test('an admin lists and ends a member\'s sessions in the studio; the member\'s sessions elsewhere stay', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Members Studio' });
    const studioId = owner.studioId!;
    const admin = await joined(t, studioId, 'admin');
    const member = await joined(t, studioId, 'member');
    const asAdmin = await login(t, admin);
    const headers = { cookie: asAdmin.cookie, 'x-csrf-token': asAdmin.csrf };

    const here1 = await tokenLogin(t, member);
    const here2 = await tokenLogin(t, member);
    // A session of the member's in a studio of their own: not this studio's business.
    const elsewhere = await createUser(t, { studio: 'Elsewhere' });
    await t.store.studios.putMembership({ studioId: elsewhere.studioId!, userId: member.id, role: 'owner', now: t.clock.now() });
    const away = await tokenLogin(t, member);
    const moved = await t.app.inject({ method: 'POST', url: `/api/auth/studios/${elsewhere.studioId}/login`, headers: { 'x-auth-token': away } });
    assert.equal(moved.statusCode, 200, moved.body);

    const listed = await t.app.inject({ method: 'GET', url: `/api/v1/members/${member.id}/sessions`, headers });
    assert.equal(listed.statusCode, 200, listed.body);
    const items = listed.json().data as Array<{ id: string; kind: string; current: boolean }>;
    assert.equal(items.length, 2, 'the two sessions in this studio, not the one elsewhere');
    assert.ok(items.every((i) => i.kind === 'token' && !i.current));

    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${member.id}/sessions/${items[0]!.id}`, headers })).statusCode, 204);
    assert.deepEqual([await me(t, here1), await me(t, here2)].sort(), [200, 401], 'exactly the one named ended');
    const all = await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${member.id}/sessions`, headers });
    assert.deepEqual(all.json(), { sessions_ended: 1 });
    assert.equal(await me(t, here1), 401);
    assert.equal(await me(t, here2), 401);
    assert.equal(await me(t, away), 200, 'the session in the member\'s other studio is untouched');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${member.id}/sessions/${items[0]!.id}`, headers }), 404, 'not_found');
  } finally {
    await t.close();
  }
});

test('a member cannot, an admin cannot act on an owner, and nobody outside the studio is found', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Guarded Studio' });
    const studioId = owner.studioId!;
    const admin = await joined(t, studioId, 'admin');
    const member = await joined(t, studioId, 'member');
    const stranger = await createUser(t, { studio: 'Another Studio' });
    await tokenLogin(t, owner);
    const asMember = await login(t, member);
    const asAdmin = await login(t, admin);
    const asOwner = await login(t, owner);

    assertJsonError(await t.app.inject({ method: 'GET', url: `/api/v1/members/${admin.id}/sessions`, headers: { cookie: asMember.cookie } }), 403, 'insufficient_permissions');
    assertJsonError(await t.app.inject({ method: 'GET', url: `/api/v1/members/${owner.id}/sessions`, headers: { cookie: asAdmin.cookie } }), 403, 'insufficient_permissions');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/members/${owner.id}/sessions`, headers: { cookie: asAdmin.cookie, 'x-csrf-token': asAdmin.csrf } }), 403, 'insufficient_permissions');
    assertJsonError(await t.app.inject({ method: 'GET', url: `/api/v1/members/${stranger.id}/sessions`, headers: { cookie: asOwner.cookie } }), 404, 'not_found');
    const ownerView = await t.app.inject({ method: 'GET', url: `/api/v1/members/${admin.id}/sessions`, headers: { cookie: asOwner.cookie } });
    assert.equal(ownerView.statusCode, 200);
    assert.equal(ownerView.json().data.length, 1, 'an owner sees the admin\'s browser session');
  } finally {
    await t.close();
  }
});
