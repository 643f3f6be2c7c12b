// issue #21: the studio methods added for full coverage, against a live server: a password change that every scheme
// survives (session, token mode, JWT), settings, the bootstrap document, the audit log, member sessions, PUT on
// collections and galleries, and the collection's visitor activity as the studio reads it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptInvitationWithNewAccount, createClient, createGalleryClient, LightboxError, type AuthOptions, type LightboxClient } from '../../src/client/index.ts';
import { createUser, type TestUser } from '../helpers/app.ts';
import { sampleJpeg } from '../helpers/gallery.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

type Call = { method: string; path: string; status: number };

function recording(calls: Call[]): (input: string, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const res = await fetch(input, init);
    calls.push({ method: init.method ?? 'GET', path: new URL(input).pathname, status: res.status });
    return res;
  };
}

const trace = (calls: Call[]): string[] => calls.map((c) => `${c.method} ${c.path.replace(/\/+$/, '')} ${c.status}`);

describe('the studio SDK methods against a live server', () => {
  let s: LiveServer;
  let owner: TestUser;
  let client: LightboxClient;
  before(async () => {
    s = await startLiveServer();
    owner = await createUser(s, { studio: 'Coverage Studio' });
    client = createClient({ baseUrl: s.url, auth: { type: 'session', email: owner.email, password: owner.password } });
  });
  after(() => s.close());

  for (const type of ['session', 'token', 'jwt'] as const) {
    test(`a ${type} client changes its password and goes on working; the old password no longer logs in`, async () => {
      const user = await createUser(s, { studio: `Password ${type}` });
      const calls: Call[] = [];
      const auth = { type, email: user.email, password: user.password } as AuthOptions;
      const c = createClient({ baseUrl: s.url, auth, fetch: recording(calls) });
      await c.me();
      const next = `${user.password} and a new verse for ${type}`;
      await assert.rejects(c.account.changePassword({ currentPassword: 'not my password at all', newPassword: next }), (err: unknown) => err instanceof LightboxError && err.status === 401);
      const changed = await c.account.changePassword({ currentPassword: user.password, newPassword: next });
      assert.equal(changed.password_changed, true);
      assert.equal(typeof changed.csrf_token, type === 'session' ? 'string' : 'undefined');
      calls.length = 0;
      assert.equal((await c.me()).user.email, user.email);
      // The session scheme was handed its new session; token mode and JWT log in again, with the new password.
      const expected = { session: ['GET /api/auth/me 200'], token: ['POST /api/auth/login 200', 'GET /api/auth/me 200'], jwt: ['POST /api/auth/token/obtain 200', 'GET /api/auth/me 200'] }[type];
      assert.deepEqual(trace(calls), expected);
      assert.ok((await c.clients.create({ email: `after-${type}@example.test` })).id, 'an unsafe call works too (the CSRF token of the new session)');
      const stale = createClient({ baseUrl: s.url, auth: { type: 'token', email: user.email, password: user.password } });
      await assert.rejects(stale.me(), (err: unknown) => err instanceof LightboxError && err.status === 401 && err.code === 'invalid_credentials');
    });
  }

  test('settings, the bootstrap document and the audit log', async () => {
    const settings = await client.studio.updateSettings({ currency: 'EUR', default_downloadable: 'original' });
    assert.deepEqual([settings.currency, settings.default_downloadable], ['EUR', 'original']);
    assert.equal((await client.studio.settings()).currency, 'EUR');
    const boot = await client.account.bootstrap();
    assert.equal(boot.settings?.currency, 'EUR');
    assert.ok(Array.isArray(boot.permissions) && boot.permissions.includes('studio:manage'), JSON.stringify(boot.permissions));
    const kinds: string[] = [];
    for await (const event of client.auditEvents.iterate({ limit: 1 })) kinds.push(event.kind);
    assert.ok(kinds.length >= 1 && kinds.includes('login_succeeded'), kinds.join(', '));
    const logins = await client.auditEvents.list({ kind: 'login_succeeded' });
    assert.ok(logins.data.every((e) => e.kind === 'login_succeeded'));
  });

  test("a member's sessions: listed, one ended, all ended; the member's client logs in again", async () => {
    const invitation = await client.invitations.create({ role: 'member' });
    const account = { email: 'member-sessions@example.test', username: 'membersessions', password: 'a member who signs in twice' };
    const joined = await acceptInvitationWithNewAccount({ baseUrl: s.url, token: invitation.link.split('/invite/')[1] ?? '', account });
    const calls: Call[] = [];
    const member = createClient({ baseUrl: s.url, auth: { type: 'session', email: account.email, password: account.password }, fetch: recording(calls) });
    const second = createClient({ baseUrl: s.url, auth: { type: 'token', email: account.email, password: account.password } });
    await member.me();
    await second.me();
    const userId = joined.user.id;
    // The accepted invitation started a cookie session too (for a browser).
    const sessions = await client.members.sessions(userId);
    assert.deepEqual(sessions.map((x) => x.kind).sort(), ['cookie', 'cookie', 'token'], JSON.stringify(sessions));
    const token = sessions.find((x) => x.kind === 'token');
    assert.ok(token);
    await client.members.endSession(userId, token.id);
    assert.deepEqual((await client.members.sessions(userId)).map((x) => x.kind), ['cookie', 'cookie']);
    assert.deepEqual(await client.members.endSessions(userId), { sessions_ended: 2 });
    assert.deepEqual(await client.members.sessions(userId), []);
    calls.length = 0;
    await member.me();
    assert.deepEqual(trace(calls), ['GET /api/auth/me 401', 'POST /api/auth/login 201', 'GET /api/auth/me 200']);
  });

  test('PUT on a collection and a gallery; the studio reads what visitors did: access list, visitors, downloads', async () => {
    const collection = await client.collections.create({ name: 'Replace me', description: 'old', client_emails: ['ann@example.test'], downloadable: 'web-size' });
    const gallery = await client.galleries.create(collection.id, { name: 'One', description: 'old', private: true });
    const replaced = await client.collections.replace(collection.id, { name: 'Replaced', client_emails: ['ann@example.test', 'ben@example.test'] });
    assert.deepEqual([replaced.name, replaced.description], ['Replaced', '']);
    const galleryReplaced = await client.galleries.replace(gallery.id, { name: 'Two' });
    assert.deepEqual([galleryReplaced.name, galleryReplaced.description, galleryReplaced.private], ['Two', '', false]);
    assert.deepEqual((await client.collections.clients(collection.id)).map((x) => x.email).sort(), ['ann@example.test', 'ben@example.test']);

    const [photo] = await client.photos.upload(gallery.id, [{ filename: 'one.jpg', data: await sampleJpeg() }]);
    const visitor = createGalleryClient({ baseUrl: s.url, collection: collection.slug, email: 'ann@example.test' });
    await visitor.photoBlob(photo?.id ?? '');
    const visitors = await client.collections.visitorEmails(collection.id);
    assert.deepEqual(visitors.data.map((v) => [v.email, v.visits]), [['ann@example.test', 1]]);
    const downloads = await client.collections.downloads(collection.id);
    assert.deepEqual(downloads.data.map((d) => [d.photo_id, d.email, d.size]), [[photo?.id, 'ann@example.test', 'web-size']]);
    assert.deepEqual((await client.collections.favoriteLists(collection.id)).data.map((l) => [l.email, l.name]), [['ann@example.test', 'Favorites']]);
    await assert.rejects(createGalleryClient({ baseUrl: s.url, collection: collection.slug, email: 'zed@example.test' }).collection(), (err: unknown) => err instanceof LightboxError && err.status === 401);
  });
});
