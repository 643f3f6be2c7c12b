// Issue #20 (members): invitations through the API. Single-use links stored hashed, expiring, bound to a role and a
// studio and optionally an email (then mailed through the outbox); accepted as a new or a signed-in user; every way a
// link can be bad gets its own 4xx code, and the token never reaches the store, the log or the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestApp, cookieOf, createUser, login, TEST_PASSWORD, type TestApp, type TestUser } from '../helpers/app.ts';
import { apiAs } from '../helpers/studio-api.ts';
import { assertJsonError, withoutRequestId } from '../helpers/http.ts';
import { outbox } from '../helpers/mail.ts';
import { sha256 } from '../../src/auth/tokens.ts';
import type { Role } from '../../src/store/types.ts';

const NEW_PASSWORD = 'a lantern on the quiet harbour';

async function joined(t: TestApp, studioId: string, role: Role): Promise<TestUser> {
  const u = await createUser(t);
  await t.store.studios.putMembership({ studioId, userId: u.id, role, now: t.clock.now() });
  return { ...u, studioId };
}

/** The token in an invitation link (`…/invite/<43 characters>`). */
function tokenOf(link: string): string {
  const m = /\/invite\/([A-Za-z0-9_-]{43})$/.exec(link);
  assert.ok(m, `not an invitation link: ${link}`);
  return m[1] as string;
}

async function invite(t: TestApp, owner: TestUser, body: Record<string, unknown>): Promise<{ id: string; token: string; link: string; body: Record<string, unknown> }> {
  const res = await apiAs(t, await login(t, owner))('POST', '/api/v1/invitations', body);
  assert.equal(res.statusCode, 201, res.body);
  const data = res.json().data as Record<string, unknown> & { id: string; link: string };
  return { id: data.id, token: tokenOf(data.link), link: data.link, body: data };
}

const accept = (t: TestApp, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload, headers });

const newAccount = (n: string, extra: Record<string, unknown> = {}) => ({ email: `${n}@example.test`, username: n, first_name: 'New', last_name: 'Person', password: NEW_PASSWORD, ...extra });

test('an owner invites; the link is shown once, stored only as a hash, listed as pending, and accepted by a new account', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Harbour Studio' });
    const asOwner = apiAs(t, await login(t, owner));
    const created = await asOwner('POST', '/api/v1/invitations', { role: 'member' });
    assert.equal(created.statusCode, 201, created.body);
    const data = created.json().data;
    assert.equal(data.role, 'member');
    assert.equal(data.email, null);
    assert.equal(data.invited_by, owner.id);
    assert.equal(data.mailed, false);
    assert.equal(Date.parse(data.expires_at) - Date.parse(data.created_at), 7 * 86_400_000, 'seven days by default');
    assert.ok(data.link.startsWith(`${t.deps.linkBase.url().replace(/\/$/, '')}/invite/`), data.link);
    const token = tokenOf(data.link);
    t.clock.advance(5);

    // Only the hash is kept: the store finds it by hash, and the token itself is in no database file.
    const stored = await t.store.invitations.findInvitationByHash(sha256(token));
    assert.equal(stored?.id, data.id);
    let scanned = 0;
    let hashSeen = false;
    for (const file of ['lightbox.db', 'lightbox.db-wal']) {
      let bytes = '';
      try { bytes = readFileSync(join(t.dataDir, file), 'latin1'); } catch { continue; }
      scanned++;
      assert.ok(!bytes.includes(token), `${file} does not hold the token`);
      hashSeen ||= bytes.includes(sha256(token));
    }
    assert.ok(scanned > 0 && hashSeen, 'the database files were read, and they hold the hash');
    const listed = await asOwner('GET', '/api/v1/invitations');
    assert.deepEqual(listed.json().data, [{ id: data.id, role: 'member', email: null, invited_by: owner.id, created_at: data.created_at, expires_at: data.expires_at }]);
    assert.ok(!listed.body.includes(token), 'the list never carries the token');

    const res = await accept(t, { token, account: newAccount('newbie') });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.deepEqual(body.studio, { id: owner.studioId, name: 'Harbour Studio', slug: 'harbour-studio', role: 'member' });
    assert.equal(body.user.username, 'newbie');
    const session = cookieOf(res, t.config.cookies.session)?.value ?? '';
    assert.ok(session.length > 0, 'a new account is signed in');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${t.config.cookies.session}=${session}` } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().studio.name, 'Harbour Studio', 'the session is in the studio joined');
    assert.equal(me.json().studio.role, 'member');
    assert.equal(await t.store.studios.findRole(body.user.id, owner.studioId!), 'member');

    assertJsonError(await accept(t, { token, account: newAccount('second') }), 410, 'invitation_used');
    assert.deepEqual((await asOwner('GET', '/api/v1/invitations')).json().data, [], 'no longer pending');
    const logged = await login(t, { email: 'newbie@example.test', password: NEW_PASSWORD });
    assert.ok(logged.session, 'the new account logs in with its password');

    const events = await t.store.audit.listAuditEvents(owner.studioId!, { kinds: ['member_invited', 'invitation_accepted'] }, null, 10);
    assert.deepEqual(events.map((e) => e.kind), ['invitation_accepted', 'member_invited']);
    assert.deepEqual(events[0]?.data, { invitationId: data.id, role: 'member', newAccount: true });
    assert.equal(events[0]?.actorId, body.user.id);
    assert.equal(events[1]?.actorId, owner.id);
    assert.ok(!t.logs.text().includes(token) && !JSON.stringify(events).includes(token), 'the token is in no log line and no audit event');
  } finally {
    await t.close();
  }
});

test('an invitation with an email is mailed through the outbox, branded and escaped, and only that address may accept', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Ann & <Co> Photo' });
    const made = await invite(t, owner, { role: 'admin', email: 'Grace@Example.test' });
    assert.equal(made.body.mailed, true);
    assert.equal(made.body.email, 'Grace@Example.test');
    const mails = await outbox(t);
    assert.equal(mails.length, 1);
    const mail = mails[0]!;
    assert.equal(mail.kind, 'member_invitation');
    assert.equal(mail.to, 'Grace@Example.test');
    assert.equal(mail.studioId, owner.studioId);
    assert.equal(mail.subject, "You're invited to join Ann & <Co> Photo on Lightbox");
    assert.ok(mail.text.includes(made.link), 'the plain text carries the link');
    assert.match(mail.text, /as an admin/);
    assert.ok(mail.html.includes(`href="${made.link}"`), 'the HTML links it');
    assert.ok(mail.html.includes('Ann &amp; &lt;Co&gt; Photo') && !mail.html.includes('<Co>'), 'the studio name is escaped in the HTML');
    const audited = await t.store.audit.listAuditEvents(owner.studioId!, { kinds: ['member_invited'] }, null, 5);
    assert.deepEqual(audited[0]?.data, { invitationId: made.id, role: 'admin', bound: true, mailed: true });
    assert.ok(!JSON.stringify(audited).toLowerCase().includes('grace@example.test'), 'the audit log does not keep the address');

    assertJsonError(await accept(t, { token: made.token, account: newAccount('intruder') }), 403, 'invitation_email_mismatch');
    const stranger = await createUser(t, { email: 'someone@example.test' });
    const asStranger = await login(t, stranger);
    assertJsonError(await accept(t, { token: made.token }, { cookie: asStranger.cookie, 'x-csrf-token': asStranger.csrf }), 403, 'invitation_email_mismatch');
    // Without an email of its own, the account takes the invitation's; the address matches whatever its case.
    const res = await accept(t, { token: made.token, account: { username: 'grace', password: NEW_PASSWORD } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().user.email, 'Grace@Example.test');
    assert.equal(res.json().studio.role, 'admin');
  } finally {
    await t.close();
  }
});

test('a signed-in user joins with their account; switch_studio moves the session; a member already cannot use it up', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Pier Studio' });
    const other = await createUser(t, { studio: 'Other Studio' });
    const first = await invite(t, owner, { role: 'viewer' });
    const second = await invite(t, owner, { role: 'member' });

    // Token mode, without switching: the membership appears, the token stays in its studio.
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: other.email, password: other.password, mode: 'token' } })).json().token as string;
    const joinedRes = await accept(t, { token: first.token }, { 'x-auth-token': token });
    assert.equal(joinedRes.statusCode, 200, joinedRes.body);
    assert.deepEqual(joinedRes.json().studio, { id: owner.studioId, name: 'Pier Studio', slug: 'pier-studio', role: 'viewer' });
    assert.equal(joinedRes.json().csrf_token, undefined);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'x-auth-token': token } })).json().studio.name, 'Other Studio');
    assert.equal(await t.store.studios.findRole(other.id, owner.studioId!), 'viewer');

    // Already a member: 409, and the link stays usable for whoever it was meant for.
    assertJsonError(await accept(t, { token: second.token }, { 'x-auth-token': token }), 409, 'conflict');
    assert.equal(await t.store.studios.findRole(other.id, owner.studioId!), 'viewer', 'the role is not changed by a second invitation');

    // A cookie session needs the CSRF header; with switch_studio it gets a new session in the studio joined.
    const third = await createUser(t);
    const s = await login(t, third);
    assertJsonError(await accept(t, { token: second.token }, { cookie: s.cookie }), 403, 'csrf_failed');
    const switched = await accept(t, { token: second.token, switch_studio: true }, { cookie: s.cookie, 'x-csrf-token': s.csrf });
    assert.equal(switched.statusCode, 200, switched.body);
    assert.equal(typeof switched.json().csrf_token, 'string');
    const moved = cookieOf(switched, t.config.cookies.session)?.value ?? '';
    assert.ok(moved !== '' && moved !== s.session, 'a new session id for the new studio');
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `${t.config.cookies.session}=${moved}` } })).json().studio.name, 'Pier Studio');

    // Neither signed in nor creating an account: nothing to accept as.
    const fourth = await invite(t, owner, { role: 'member' });
    assertJsonError(await accept(t, { token: fourth.token }), 401, 'authentication_required');
    // Signed in and sending an account: refused rather than guessed between.
    assertJsonError(await accept(t, { token: fourth.token, account: newAccount('both') }, { 'x-auth-token': token }), 400, 'bad_request');
    // A personal access token is bound to one studio: it cannot join another.
    const pat = await apiAs(t, await login(t, other))('POST', '/api/v1/access-tokens', { name: 'script', scopes: ['account:read'] });
    assertJsonError(await accept(t, { token: fourth.token }, { authorization: `Bearer ${pat.json().data.token as string}` }), 403, 'insufficient_scope');
    assert.equal((await t.store.invitations.findInvitationByHash(sha256(fourth.token)))?.acceptedAt, null, 'still unused');
  } finally {
    await t.close();
  }
});

test('expired, withdrawn, reused and unknown links each get their own 4xx; the expiry is configurable', async () => {
  const t = await buildTestApp({ invitations: { ttl: 600 } });
  try {
    const owner = await createUser(t, { studio: 'Expiry Studio' });
    const asOwner = apiAs(t, await login(t, owner));
    const soon = await invite(t, owner, { role: 'member' });
    assert.equal(Date.parse(soon.body.expires_at as string) - Date.parse(soon.body.created_at as string), 600_000, 'invitations.ttl seconds');
    t.clock.advance(600);
    assertJsonError(await accept(t, { token: soon.token, account: newAccount('late') }), 410, 'invitation_expired');
    assert.deepEqual((await asOwner('GET', '/api/v1/invitations')).json().data, [], 'an expired invitation is not pending');
    assertJsonError(await asOwner('DELETE', `/api/v1/invitations/${soon.id}`), 404, 'not_found');

    const withdrawn = await invite(t, owner, { role: 'member' });
    assert.equal((await asOwner('DELETE', `/api/v1/invitations/${withdrawn.id}`)).statusCode, 204);
    assertJsonError(await accept(t, { token: withdrawn.token, account: newAccount('withdrawn') }), 410, 'invitation_revoked');
    assertJsonError(await asOwner('DELETE', `/api/v1/invitations/${withdrawn.id}`), 404, 'not_found');
    assertJsonError(await asOwner('DELETE', '/api/v1/invitations/not-an-id'), 400, 'invalid_id_format');
    const audited = await t.store.audit.listAuditEvents(owner.studioId!, { kinds: ['invitation_revoked'] }, null, 5);
    assert.deepEqual(audited.map((e) => e.data), [{ invitationId: withdrawn.id, role: 'member' }]);

    // Unknown and malformed tokens: one answer, the same body, with no hint of which it was.
    const unknown = assertJsonError(await accept(t, { token: 'A'.repeat(43), account: newAccount('x1') }), 400, 'invitation_invalid');
    const malformed = assertJsonError(await accept(t, { token: 'short', account: newAccount('x2') }), 400, 'invitation_invalid');
    assert.deepEqual(withoutRequestId(unknown), withoutRequestId(malformed));
    assert.equal(await t.store.users.countUsers(), 1, 'no account was created by any refused link');

    // Another studio's invitation cannot be listed or withdrawn here.
    const elsewhere = await createUser(t, { studio: 'Elsewhere Studio' });
    const theirs = await invite(t, elsewhere, { role: 'member' });
    assertJsonError(await asOwner('DELETE', `/api/v1/invitations/${theirs.id}`), 404, 'not_found');
    assert.deepEqual((await asOwner('GET', '/api/v1/invitations')).json().data, []);
  } finally {
    await t.close();
  }
});

test('who may invite: owners any role, admins never an owner, members and viewers not at all; bad input is a clear 4xx', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Roles Studio' });
    const admin = await joined(t, owner.studioId!, 'admin');
    const member = await joined(t, owner.studioId!, 'member');
    const viewer = await joined(t, owner.studioId!, 'viewer');
    const asOwner = apiAs(t, await login(t, owner));
    const asAdmin = apiAs(t, await login(t, admin));
    assert.equal((await asOwner('POST', '/api/v1/invitations', { role: 'owner' })).statusCode, 201);
    assertJsonError(await asAdmin('POST', '/api/v1/invitations', { role: 'owner' }), 403, 'insufficient_permissions');
    assert.equal((await asAdmin('POST', '/api/v1/invitations', { role: 'admin' })).statusCode, 201);
    const ownerInvite = (await asAdmin('GET', '/api/v1/invitations')).json().data.find((i: { role: string }) => i.role === 'owner');
    assertJsonError(await asAdmin('DELETE', `/api/v1/invitations/${ownerInvite.id as string}`), 403, 'insufficient_permissions');
    for (const u of [member, viewer]) {
      const as = apiAs(t, await login(t, u));
      assertJsonError(await as('POST', '/api/v1/invitations', { role: 'viewer' }), 403, 'insufficient_permissions');
      assertJsonError(await as('GET', '/api/v1/invitations'), 403, 'insufficient_permissions');
      assertJsonError(await as('DELETE', `/api/v1/invitations/${ownerInvite.id as string}`), 403, 'insufficient_permissions');
    }
    const badRole = assertJsonError(await asOwner('POST', '/api/v1/invitations', { role: 'superuser' }), 422, 'validation_failed');
    assert.ok((badRole.details as Record<string, string>).role, 'the role field is named');
    const badEmail = assertJsonError(await asOwner('POST', '/api/v1/invitations', { role: 'member', email: 'not an address' }), 422, 'validation_failed');
    assert.ok((badEmail.details as Record<string, string>).email);
    assertJsonError(await asOwner('POST', '/api/v1/invitations', {}), 422, 'validation_failed');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/invitations', payload: { role: 'member' } }), 401, 'authentication_required');
    assert.equal((await outbox(t)).length, 0, 'nothing was mailed for invitations without an address');
  } finally {
    await t.close();
  }
});

test('a new account under the password policy; a taken name leaves the link usable; two accepts at once, one wins', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Policy Studio' });
    const made = await invite(t, owner, { role: 'member' });
    const weak = assertJsonError(await accept(t, { token: made.token, account: newAccount('weakling', { password: 'short' }) }), 400, 'weak_password');
    assert.ok((weak.details as Record<string, string>).password);
    assertJsonError(await accept(t, { token: made.token, account: newAccount('taken', { username: owner.username }) }), 409, 'conflict');
    assertJsonError(await accept(t, { token: made.token, account: newAccount('taken2', { email: owner.email.toUpperCase() }) }), 409, 'conflict');
    const missing = assertJsonError(await accept(t, { token: made.token, account: { email: 'x@example.test', password: NEW_PASSWORD } }), 422, 'validation_failed');
    assert.ok((missing.details as Record<string, string>)['account.username']);
    assert.equal(await t.store.users.countUsers(), 1, 'no account from the refused attempts');
    assert.equal((await t.store.invitations.findInvitationByHash(sha256(made.token)))?.acceptedAt, null, 'the link still works');

    const results = await Promise.all(['racer1', 'racer2', 'racer3'].map((n) => accept(t, { token: made.token, account: newAccount(n) })));
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, 410, 410], results.map((r) => r.body).join('\n'));
    for (const r of results.filter((x) => x.statusCode === 410)) assert.equal(r.json().code, 'invitation_used');
    assert.equal(await t.store.users.countUsers(), 2, 'exactly one account was created');
    assert.equal((await t.store.studios.listStudioMembers(owner.studioId!)).length, 2);
  } finally {
    await t.close();
  }
});

test('accept attempts are throttled per client address, and a new-account accept from a foreign page is refused', async () => {
  const t = await buildTestApp({ invitations: { acceptPerAddress: 3 } });
  try {
    const owner = await createUser(t, { studio: 'Throttle Studio' });
    const made = await invite(t, owner, { role: 'member' });
    assertJsonError(await accept(t, { token: made.token, account: newAccount('x3') }, { origin: 'https://evil.test' }), 403, 'origin_rejected');
    for (let i = 0; i < 2; i++) assertJsonError(await accept(t, { token: 'B'.repeat(43), account: newAccount(`p${i}`) }), 400, 'invitation_invalid');
    const limited = assertJsonError(await accept(t, { token: made.token, account: newAccount('welcome') }), 429, 'too_many_attempts');
    assert.ok(limited);
    const again = await accept(t, { token: made.token, account: newAccount('welcome') });
    assert.ok(Number(again.headers['retry-after']) >= 1, 'Retry-After says when');
    t.clock.advance(t.config.invitations.acceptWindow);
    assert.equal((await accept(t, { token: made.token, account: newAccount('welcome') })).statusCode, 201, 'the next window admits the person');
  } finally {
    await t.close();
  }
});

test('the invitation page names the studio and role; a bad link gets a page saying why; the log never holds the token', async () => {
  const t = await buildTestApp();
  try {
    const owner = await createUser(t, { studio: 'Page <Studio>' });
    const made = await invite(t, owner, { role: 'viewer' });
    const html = { accept: 'text/html' };
    const res = await t.app.inject({ method: 'GET', url: `/invite/${made.token}`, headers: html });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.ok(res.body.includes('Join Page &lt;Studio&gt;') && !res.body.includes('<Studio>'), 'the studio name, escaped');
    assert.match(res.body, /as <strong>a viewer<\/strong>/);
    assert.match(res.body, /id="account-form"/, 'not signed in: the new-account form');
    assert.match(res.body, /<script src="\/assets\/studio\/invite\.js\?v=/);
    const script = await t.app.inject({ method: 'GET', url: '/assets/studio/invite.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);

    const signedIn = await login(t, await createUser(t));
    const asUser = await t.app.inject({ method: 'GET', url: `/invite/${made.token}`, headers: { ...html, cookie: signedIn.cookie } });
    assert.match(asUser.body, /id="join"/, 'signed in: a join button');
    assert.doesNotMatch(asUser.body, /id="account-form"/);

    await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token: made.token }, headers: { cookie: signedIn.cookie, 'x-csrf-token': signedIn.csrf } });
    const used = await t.app.inject({ method: 'GET', url: `/invite/${made.token}`, headers: html });
    assert.equal(used.statusCode, 410);
    assert.match(used.body, /This invitation link doesn't work/);
    assert.match(used.body, /already been used/);
    const unknown = await t.app.inject({ method: 'GET', url: `/invite/${'C'.repeat(43)}`, headers: html });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /not a valid invitation/);
    const json = await t.app.inject({ method: 'GET', url: `/invite/${made.token}`, headers: { accept: 'application/json' } });
    assertJsonError(json, 410, 'invitation_used');
    assert.ok(!t.logs.text().includes(made.token), 'request lines show /invite/[REDACTED]');
    assert.ok(t.logs.text().includes('/invite/[REDACTED]'), 'the page requests were logged, redacted');
  } finally {
    await t.close();
  }
});

test('R42 an invitation link is built from server.publicUrl, whatever Host the request names', async () => {
  const t = await buildTestApp({ server: { publicUrl: 'https://photos.example.test' } });
  try {
    const owner = await createUser(t, { studio: 'Host Studio' });
    const s = await login(t, owner);
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/invitations', payload: { role: 'member', email: 'host@example.test' },
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, host: 'evil.test', 'x-forwarded-host': 'evil.test' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.match(res.json().data.link, /^https:\/\/photos\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    const [mail] = await outbox(t);
    assert.ok(mail && !mail.text.includes('evil.test') && mail.text.includes(res.json().data.link as string));
  } finally {
    await t.close();
  }
});
