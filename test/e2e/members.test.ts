// Issue #20 (members): the studio's members through the API. List with roles, change a role (an unknown one is a
// validation error; admins never make or unmake owners), remove (every credential acting in the studio stops on the
// very next request, cache or not), leave, the last owner's 409, transfer of ownership, the roles as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, login, type TestApp, type TestUser } from '../helpers/app.ts';
import { apiAs } from '../helpers/studio-api.ts';
import { assertJsonError } from '../helpers/http.ts';
import { PERMISSIONS } from '../../src/auth/permissions.ts';
import type { Role } from '../../src/store/types.ts';

async function joined(t: TestApp, studioId: string, role: Role, name?: string): Promise<TestUser> {
  const u = await createUser(t, name ? { username: name, email: `${name}@example.test` } : {});
  t.clock.advance(1);
  await t.store.studios.putMembership({ studioId, userId: u.id, role, now: t.clock.now() });
  return { ...u, studioId };
}

const roleOf = (t: TestApp, u: TestUser, studioId: string) => t.store.studios.findRole(u.id, studioId);

test('every member lists the studio\'s people with role and joining date; nobody sees another studio\'s', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'List Studio' });
    const studioId = owner.studioId!;
    const viewer = await joined(t, studioId, 'viewer', 'vera');
    await createUser(t, { studio: 'Other Studio' });
    const res = await apiAs(t, await login(t, viewer))('GET', '/api/v1/members');
    assert.equal(res.statusCode, 200, res.body);
    const data = res.json().data as Array<Record<string, string>>;
    assert.deepEqual(data.map((m) => [m.user_id, m.role]), [[owner.id, 'owner'], [viewer.id, 'viewer']]);
    assert.deepEqual(Object.keys(data[1]!).sort(), ['email', 'first_name', 'joined_at', 'last_name', 'role', 'user_id', 'username']);
    assert.equal(data[1]!.username, 'vera');
    assert.equal(data[1]!.joined_at, new Date(t.clock.now()).toISOString());
    assert.ok(!res.body.includes('argon2'), 'no password hash leaves the server');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/v1/members' }), 401, 'authentication_required');
  } finally {
    await t.close();
  }
});

test('GET /api/v1/roles is the permissions table as data, and the OpenAPI document describes it', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Roles Data Studio' });
    const res = await apiAs(t, await login(t, owner))('GET', '/api/v1/roles');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { data: Array<{ name: string; description: string; permissions: string[] }>; permissions: Array<{ name: string; roles: string[]; description: string }> };
    assert.deepEqual(body.data.map((r) => r.name), ['owner', 'admin', 'member', 'viewer']);
    for (const role of body.data) {
      const expected = Object.entries(PERMISSIONS).filter(([, roles]) => (roles as readonly string[]).includes(role.name)).map(([p]) => p);
      assert.deepEqual(role.permissions, expected, role.name);
      assert.ok(role.description.length > 20);
    }
    assert.deepEqual(body.permissions.map((p) => [p.name, p.roles]), Object.entries(PERMISSIONS).map(([p, roles]) => [p, [...roles]]));
    assert.ok(body.data.find((r) => r.name === 'admin')?.permissions.includes('members:manage'));
    assert.ok(!body.data.find((r) => r.name === 'admin')?.permissions.includes('ownership:transfer'), 'only owners transfer');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/schema' })).json() as { paths: Record<string, Record<string, { description?: string; operationId?: string }>> };
    const op = doc.paths['/api/v1/roles']?.get;
    assert.equal(op?.operationId, 'listRoles');
    assert.match(op?.description ?? '', /\| `members:manage`: .* \| yes \| yes \| — \| — \|/);
  } finally {
    await t.close();
  }
});

test('role changes: applied on the next request; unknown role 422; admins never make or unmake owners; the last owner stays', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Role Studio' });
    const studioId = owner.studioId!;
    const admin = await joined(t, studioId, 'admin');
    const member = await joined(t, studioId, 'member');
    const asOwner = apiAs(t, await login(t, owner));
    const asAdmin = apiAs(t, await login(t, admin));
    const asMember = apiAs(t, await login(t, member));
    let n = 0;
    const write = () => asMember('POST', '/api/v1/clients', { email: `c${++n}@example.test` });
    assert.equal((await write()).statusCode, 201, 'the member writes (and is now cached)');

    const changed = await asAdmin('PATCH', `/api/v1/members/${member.id}`, { role: 'viewer' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().data.role, 'viewer');
    assertJsonError(await write(), 403, 'insufficient_permissions');
    const audited = await t.store.audit.listAuditEvents(studioId, { kinds: ['member_role_changed'] }, null, 5);
    assert.deepEqual(audited.map((e) => [e.actorId, e.data]), [[admin.id, { memberId: member.id, from: 'member', to: 'viewer' }]]);

    const unknown = assertJsonError(await asOwner('PATCH', `/api/v1/members/${member.id}`, { role: 'superstar' }), 422, 'validation_failed');
    assert.ok((unknown.details as Record<string, string>).role, 'the role field is named');
    assertJsonError(await asOwner('PATCH', `/api/v1/members/${member.id}`, {}), 422, 'validation_failed');
    assertJsonError(await asAdmin('PATCH', `/api/v1/members/${member.id}`, { role: 'owner' }), 403, 'insufficient_permissions');
    assertJsonError(await asAdmin('PATCH', `/api/v1/members/${owner.id}`, { role: 'admin' }), 403, 'insufficient_permissions');
    assertJsonError(await asMember('PATCH', `/api/v1/members/${admin.id}`, { role: 'viewer' }), 403, 'insufficient_permissions');
    const last = assertJsonError(await asOwner('PATCH', `/api/v1/members/${owner.id}`, { role: 'admin' }), 409, 'last_owner');
    assert.match(String(last.message), /at least one owner/);
    assertJsonError(await asOwner('PATCH', '/api/v1/members/nobody', { role: 'viewer' }), 400, 'invalid_id_format');
    const outsider = await createUser(t, { studio: 'Outside Studio' });
    assertJsonError(await asOwner('PATCH', `/api/v1/members/${outsider.id}`, { role: 'viewer' }), 404, 'not_found');
    assert.equal(await roleOf(t, outsider, outsider.studioId!), 'owner', 'another studio\'s membership is untouched');

    // With a second owner, the first may step down.
    assert.equal((await asOwner('PATCH', `/api/v1/members/${admin.id}`, { role: 'owner' })).statusCode, 200);
    assert.equal((await asOwner('PATCH', `/api/v1/members/${owner.id}`, { role: 'admin' })).statusCode, 200);
    assert.equal(await roleOf(t, owner, studioId), 'admin');
  } finally {
    await t.close();
  }
});

test('a removed member\'s sessions, token-mode tokens, JWTs, refresh families and studio PATs stop on the very next request', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Removal Studio' });
    const studioId = owner.studioId!;
    const member = await joined(t, studioId, 'member');
    // A studio of the member's own, where a session of theirs must keep working.
    const own = await createUser(t, { studio: 'Member Own Studio' });
    t.clock.advance(1);
    await t.store.studios.putMembership({ studioId: own.studioId!, userId: member.id, role: 'admin', now: t.clock.now() });

    const cookie = await login(t, member);
    const tokenLogin = async () => (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: member.password, mode: 'token' } })).json().token as string;
    const token = await tokenLogin();
    const jwt = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain/', payload: { email: member.email, password: member.password } })).json() as { access: string; refresh: string };
    const pat = (await apiAs(t, cookie)('POST', '/api/v1/access-tokens', { name: 'studio script', scopes: ['clients:read'] })).json().data.token as string;
    const elsewhere = await tokenLogin();
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/auth/studios/${own.studioId}/login`, headers: { 'x-auth-token': elsewhere } })).statusCode, 200);

    const credentials: Array<[string, Record<string, string>]> = [
      ['cookie session', { cookie: cookie.cookie }],
      ['token mode', { 'x-auth-token': token }],
      ['JWT', { authorization: `Bearer ${jwt.access}` }],
      ['personal access token', { authorization: `Bearer ${pat}` }],
    ];
    const read = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/clients', headers });
    for (const [label, headers] of credentials) assert.equal((await read(headers)).statusCode, 200, `${label} reads the studio first (and is cached)`);

    const removed = await apiAs(t, await login(t, owner))('DELETE', `/api/v1/members/${member.id}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(removed.json(), { removed: true, sessions_ended: 3, personal_access_tokens_revoked: 1 });
    for (const [label, headers] of credentials) {
      const res = await read(headers);
      assert.equal(res.statusCode, 401, `${label} after removal → ${res.statusCode} ${res.body}`);
    }
    const refreshed = await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh/', payload: { refresh: jwt.refresh } });
    assertJsonError(refreshed, 401, 'invalid_token');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: { 'x-auth-token': elsewhere } })).statusCode, 200, 'the session in their own studio stays');
    assert.equal(await roleOf(t, member, studioId), null);
    assert.deepEqual((await t.store.studios.listStudioMembers(studioId)).map((m) => m.user.id), [owner.id]);
    const audited = await t.store.audit.listAuditEvents(studioId, { kinds: ['member_removed'] }, null, 5);
    assert.deepEqual(audited.map((e) => [e.actorId, e.data]), [[owner.id, { memberId: member.id, left: false, role: 'member', sessionsEnded: 3, tokensRevoked: 1 }]]);
    // Logging in again, they are no longer in the studio.
    const again = await login(t, member);
    assert.deepEqual((again.body.studios as Array<{ id: string }>).map((s) => s.id), [own.studioId]);
  } finally {
    await t.close();
  }
});

test('removal rules: admins never remove owners, the last owner cannot go, non-members are 404, members cannot remove', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Rules Studio' });
    const studioId = owner.studioId!;
    const admin = await joined(t, studioId, 'admin');
    const member = await joined(t, studioId, 'member');
    const viewer = await joined(t, studioId, 'viewer');
    const asOwner = apiAs(t, await login(t, owner));
    const asAdmin = apiAs(t, await login(t, admin));
    const asMember = apiAs(t, await login(t, member));
    assertJsonError(await asAdmin('DELETE', `/api/v1/members/${owner.id}`), 403, 'insufficient_permissions');
    assertJsonError(await asMember('DELETE', `/api/v1/members/${viewer.id}`), 403, 'insufficient_permissions');
    assertJsonError(await asOwner('DELETE', `/api/v1/members/${owner.id}`), 409, 'last_owner');
    const stranger = await createUser(t);
    assertJsonError(await asOwner('DELETE', `/api/v1/members/${stranger.id}`), 404, 'not_found');
    assertJsonError(await asOwner('DELETE', '/api/v1/members/us_short'), 400, 'invalid_id_format');
    assert.equal((await asAdmin('DELETE', `/api/v1/members/${viewer.id}`)).statusCode, 200, 'an admin removes a viewer');
    assertJsonError(await asOwner('DELETE', `/api/v1/members/${viewer.id}`), 404, 'not_found');
    assert.deepEqual((await t.store.studios.listStudioMembers(studioId)).map((m) => m.role), ['owner', 'admin', 'member']);
  } finally {
    await t.close();
  }
});

test('a member leaves (signed out of the studio at once); the last owner cannot leave', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Leave Studio' });
    const studioId = owner.studioId!;
    const member = await joined(t, studioId, 'viewer');
    const s = await login(t, member);
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/members/me', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { removed: true, sessions_ended: 1, personal_access_tokens_revoked: 0 });
    assert.equal(cookieOf(res, t.config.cookies.session)?.attributes['max-age'], '0', 'the browser\'s session cookie is cleared');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode, 401);
    assert.equal(await roleOf(t, member, studioId), null);
    const audited = await t.store.audit.listAuditEvents(studioId, { kinds: ['member_removed'] }, null, 5);
    assert.equal(audited[0]?.data.left, true);
    assert.equal(audited[0]?.actorId, member.id);

    const o = await login(t, owner);
    assertJsonError(await t.app.inject({ method: 'DELETE', url: '/api/v1/members/me', headers: { cookie: o.cookie } }), 403, 'csrf_failed');
    assertJsonError(await t.app.inject({ method: 'DELETE', url: '/api/v1/members/me', headers: { cookie: o.cookie, 'x-csrf-token': o.csrf } }), 409, 'last_owner');
    assert.equal(await roleOf(t, owner, studioId), 'owner');
  } finally {
    await t.close();
  }
});

test('ownership transfer: the target becomes an owner and the caller an admin; owners only, with a recent login', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Transfer Studio' });
    const studioId = owner.studioId!;
    const admin = await joined(t, studioId, 'admin');
    const member = await joined(t, studioId, 'member');
    const asOwner = apiAs(t, await login(t, owner));
    const asAdmin = apiAs(t, await login(t, admin));
    assertJsonError(await asAdmin('POST', '/api/v1/members/transfer-ownership', { user_id: member.id }), 403, 'insufficient_permissions');
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: owner.id }), 400, 'bad_request');
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: (await createUser(t)).id }), 404, 'not_found');
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', {}), 422, 'validation_failed');

    t.clock.advance(t.config.auth.reauthWindow + 1);
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: member.id }), 403, 'reauth_required');
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: member.id, current_password: 'not my password at all' }), 401, 'invalid_credentials');
    const done = await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: member.id, current_password: owner.password });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().data.new_owner.user_id, member.id);
    assert.equal(done.json().data.new_owner.role, 'owner');
    assert.equal(done.json().data.previous_owner.role, 'admin');
    assert.deepEqual([await roleOf(t, owner, studioId), await roleOf(t, member, studioId)], ['admin', 'owner']);
    assertJsonError(await asOwner('POST', '/api/v1/members/transfer-ownership', { user_id: admin.id, current_password: owner.password }), 403, 'insufficient_permissions');
    const audited = await t.store.audit.listAuditEvents(studioId, { kinds: ['ownership_transferred'] }, null, 5);
    assert.deepEqual(audited.map((e) => [e.actorId, e.data]), [[owner.id, { memberId: member.id }]]);
  } finally {
    await t.close();
  }
});

test('the members page lists people with role selects for managers and read-only for others; home links to it', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Page Studio' });
    const viewer = await joined(t, owner.studioId!, 'viewer', 'pagey');
    const html = { accept: 'text/html' };
    const asOwner = await login(t, owner);
    const page = await t.app.inject({ method: 'GET', url: '/studio/members', headers: { ...html, cookie: asOwner.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Members of Page Studio/);
    assert.match(page.body, new RegExp(`<select id="role-${viewer.id}" name="role">`));
    assert.match(page.body, /id="invite-form"/);
    assert.match(page.body, /aria-label="Remove Test User"/);
    assert.match(page.body, /<script src="\/assets\/studio\/members\.js\?v=/);
    const asViewer = await login(t, viewer);
    const readOnly = await t.app.inject({ method: 'GET', url: '/studio/members', headers: { ...html, cookie: asViewer.cookie } });
    assert.equal(readOnly.statusCode, 200);
    assert.doesNotMatch(readOnly.body, /<select|id="invite-form"|class="small remove"/);
    assert.match(readOnly.body, /id="leave"/);
    const signedOut = await t.app.inject({ method: 'GET', url: '/studio/members', headers: html });
    assert.equal(signedOut.statusCode, 303);
    assert.equal(signedOut.headers.location, '/login');
    const home = await t.app.inject({ method: 'GET', url: '/', headers: { ...html, cookie: asOwner.cookie } });
    assert.match(home.body, /<a href="\/studio\/members">Members<\/a>/);
  } finally {
    await t.close();
  }
});
