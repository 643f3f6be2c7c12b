// Contract suites for users, studios and memberships, sessions (including the joined lookup) and server secrets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, addStudio, addUser, hashId, rejectsWith, sessionFor, withStore, type StoreFactory } from './harness.ts';

export function identityContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: UserStore`, () => {
    test('creates a user and finds it by id, email key and username key; unknown keys find nothing', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann', 5);
      assert.deepEqual(await store.users.findUserById(ann.id), ann);
      assert.deepEqual(await store.users.findUserByLoginKey('ann@example.test'), ann);
      assert.deepEqual(await store.users.findUserByLoginKey('ann'), ann);
      assert.equal(ann.email, 'ann@Example.test', 'the email keeps the case it was given');
      assert.equal(await store.users.findUserByLoginKey('ANN'), null, 'keys are matched as given: normalising is the caller\'s');
      assert.equal(await store.users.findUserById('us_missing'), null);
      assert.equal(await store.users.countUsers(), 1);
    }));

    test('a taken email, username, or a username equal to another account\'s email is a conflict', () => withStore(factory, async (store) => {
      await addUser(store, 'ann');
      const base = { firstName: '', lastName: '', passwordHash: 'h', now: 2 };
      await rejectsWith(store.users.createUser({ ...base, email: 'x@example.test', emailKey: 'ann@example.test', username: 'x', usernameKey: 'x' }), 'conflict');
      await rejectsWith(store.users.createUser({ ...base, email: 'y@example.test', emailKey: 'y@example.test', username: 'ann', usernameKey: 'ann' }), 'conflict');
      await rejectsWith(store.users.createUser({ ...base, email: 'z@example.test', emailKey: 'z@example.test', username: 'ann@example.test', usernameKey: 'ann@example.test' }), 'conflict');
      await rejectsWith(store.users.createUser({ ...base, email: 'ann', emailKey: 'ann', username: 'w', usernameKey: 'w' }), 'conflict');
      assert.equal(await store.users.countUsers(), 1);
    }));

    test('password, lock and disable updates are what later reads see', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann', 5);
      await store.users.updatePasswordHash(ann.id, 'new-hash', 9);
      await store.users.setUserLocked(ann.id, 10);
      await store.users.setUserDisabled(ann.id, 11);
      assert.deepEqual(await store.users.findUserById(ann.id), { ...ann, passwordHash: 'new-hash', updatedAt: 9, lockedAt: 10, disabledAt: 11 });
      await store.users.updateUserNames(ann.id, { firstName: 'Ann', lastName: 'Lee-Park' }, 12);
      assert.deepEqual(await store.users.findUserById(ann.id), { ...ann, passwordHash: 'new-hash', updatedAt: 12, lockedAt: 10, disabledAt: 11, firstName: 'Ann', lastName: 'Lee-Park' });
      await store.users.setUserLocked(ann.id, null);
      await store.users.setUserDisabled(ann.id, null);
      const back = await store.users.findUserById(ann.id);
      assert.equal(back?.lockedAt, null);
      assert.equal(back?.disabledAt, null);
    }));
  });

  describe(`${backend}: StudioStore`, () => {
    test('creates studios, finds them by id and slug, and refuses a taken slug', () => withStore(factory, async (store) => {
      const s = await addStudio(store, 'north', 3);
      assert.deepEqual(s, { id: s.id, name: 'Studio north', slug: 'north', createdAt: 3 });
      assert.deepEqual(await store.studios.findStudioById(s.id), s);
      assert.deepEqual(await store.studios.findStudioBySlug('north'), s);
      assert.equal(await store.studios.findStudioBySlug('south'), null);
      assert.equal(await store.studios.findStudioById('st_missing'), null);
      await rejectsWith(addStudio(store, 'north'), 'conflict');
    }));

    test('putMembership adds, then updates a role; a non-member has no role; studios list in joining order', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 'one', 'ann', 'viewer');
      const two = await addStudio(store, 'two');
      await store.studios.putMembership({ studioId: two.id, userId: user.id, role: 'owner', now: 5 });
      await store.studios.putMembership({ studioId: studio.id, userId: user.id, role: 'admin', now: 9 });
      assert.equal(await store.studios.findRole(user.id, studio.id), 'admin');
      const bob = await addUser(store, 'bob');
      assert.equal(await store.studios.findRole(bob.id, studio.id), null);
      const list = await store.studios.listUserStudios(user.id);
      assert.deepEqual(list.map((m) => [m.studio.slug, m.role]), [['one', 'admin'], ['two', 'owner']]);
      assert.deepEqual(await store.studios.listUserStudios(bob.id), []);
    }));
  });

  describe(`${backend}: SessionStore`, () => {
    test('a created session reads back whole; unknown ids find nothing', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'member');
      const s = sessionFor(user, studio.id, 'one', { kind: 'token' });
      await store.sessions.createSession(s);
      assert.deepEqual(await store.sessions.findSession(s.id), s);
      assert.equal(await store.sessions.findSession(hashId('unknown')), null);
      assert.equal(await store.sessions.findSessionWithUser(hashId('unknown')), null);
    }));

    test('a duplicate session id is a conflict, not a driver error', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      await store.sessions.createSession(sessionFor(ann, null, 'one'));
      await rejectsWith(store.sessions.createSession(sessionFor(ann, null, 'one')), 'conflict');
    }));

    test('touch moves last-seen forward only; setSessionStudio moves the session', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'member');
      const s = sessionFor(user, null, 'one');
      await store.sessions.createSession(s);
      await store.sessions.touchSession(s.id, 50);
      await store.sessions.touchSession(s.id, 40);
      await store.sessions.setSessionStudio(s.id, studio.id);
      assert.deepEqual(await store.sessions.findSession(s.id), { ...s, lastSeenAt: 50, studioId: studio.id });
    }));

    test('deleteSession, deleteUserSessions (counted, other users kept) and the refresh tokens that go with them', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      const [a1, a2, b1] = [sessionFor(ann, null, 'a1', { kind: 'jwt' }), sessionFor(ann, null, 'a2'), sessionFor(bob, null, 'b1')];
      for (const s of [a1, a2, b1]) await store.sessions.createSession(s);
      await store.refreshTokens.insertRefreshToken({ id: hashId('r1'), sessionId: a1.id, createdAt: 1, expiresAt: 99, usedAt: null });
      assert.equal(await store.sessions.deleteUserSessions(ann.id), 2);
      assert.equal(await store.sessions.findSession(a1.id), null);
      assert.equal(await store.refreshTokens.findRefreshToken(hashId('r1')), null, 'a family goes with its session');
      assert.deepEqual(await store.sessions.findSession(b1.id), b1);
      await store.sessions.deleteSession(b1.id);
      assert.equal(await store.sessions.findSession(b1.id), null);
      assert.equal(await store.sessions.deleteUserSessions(bob.id), 0);
    }));

    test('listUserSessions: the user\'s sessions newest first, with where each was started; others\' are not listed', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      const older = sessionFor(ann, null, 'old', { createdAt: 1 });
      const newer = sessionFor(ann, null, 'new', { kind: 'jwt', createdAt: 2 });
      await store.sessions.createSession(older);
      await store.sessions.createSession(newer, { clientIp: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' });
      await store.sessions.createSession(sessionFor(bob, null, 'bob'), { clientIp: '198.51.100.1', userAgent: 'curl/8.5' });
      assert.deepEqual(await store.sessions.listUserSessions(ann.id), [
        { ...newer, clientIp: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' },
        { ...older, clientIp: null, userAgent: null },
      ]);
      assert.deepEqual(await store.sessions.findSession(newer.id), newer, 'the device is not part of the record every request reads');
    }));

    test('deleteUserSessionsExcept keeps the one named and other users\' sessions', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const bob = await addUser(store, 'bob');
      const [keep, a2, a3, b1] = [sessionFor(ann, null, 'keep'), sessionFor(ann, null, 'a2', { kind: 'token' }), sessionFor(ann, null, 'a3', { kind: 'jwt' }), sessionFor(bob, null, 'b1')];
      for (const s of [keep, a2, a3, b1]) await store.sessions.createSession(s);
      assert.equal(await store.sessions.deleteUserSessionsExcept(ann.id, keep.id), 2);
      assert.deepEqual((await store.sessions.listUserSessions(ann.id)).map((s) => s.id), [keep.id]);
      assert.deepEqual(await store.sessions.findSession(b1.id), b1);
      assert.equal(await store.sessions.deleteUserSessionsExcept(ann.id, keep.id), 0);
    }));

    test('deleteExpiredSessions removes sessions at their absolute expiry or idle for idleMs, not a moment before', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const now = 1_000;
      const atExpiry = sessionFor(ann, null, 'exp', { expiresAt: now });
      const idle = sessionFor(ann, null, 'idle', { lastSeenAt: now - 100 });
      const live = sessionFor(ann, null, 'live', { lastSeenAt: now - 99, expiresAt: now + 1 });
      for (const s of [atExpiry, idle, live]) await store.sessions.createSession(s);
      assert.equal(await store.sessions.deleteExpiredSessions(now, 100), 2);
      assert.deepEqual(await store.sessions.findSession(live.id), live);
      assert.equal(await store.sessions.findSession(idle.id), null);
    }));

    // issue #21: the active-sessions gauge counts exactly what the sweep would keep, per kind.
    test('countLiveSessions counts, per kind, the sessions deleteExpiredSessions would keep', () => withStore(factory, async (store) => {
      const ann = await addUser(store, 'ann');
      const now = 1_000;
      assert.deepEqual(await store.sessions.countLiveSessions(now, 100), { cookie: 0, token: 0, jwt: 0 });
      for (const s of [
        sessionFor(ann, null, 'exp', { expiresAt: now }), sessionFor(ann, null, 'idle', { lastSeenAt: now - 100 }),
        sessionFor(ann, null, 'c1', { lastSeenAt: now - 99, expiresAt: now + 1 }), sessionFor(ann, null, 'c2', { lastSeenAt: now, expiresAt: now + 50 }),
        sessionFor(ann, null, 't1', { kind: 'token', lastSeenAt: now, expiresAt: now + 50 }), sessionFor(ann, null, 'j1', { kind: 'jwt', lastSeenAt: now - 101, expiresAt: now + 50 }),
      ]) await store.sessions.createSession(s);
      assert.deepEqual(await store.sessions.countLiveSessions(now, 100), { cookie: 2, token: 1, jwt: 0 });
      assert.equal(await store.sessions.deleteExpiredSessions(now, 100), 3);
      assert.deepEqual(await store.sessions.countLiveSessions(now, 100), { cookie: 2, token: 1, jwt: 0 });
    }));
  });

  describe(`${backend}: SessionStore.findSessionWithUser`, () => {
    test('returns the session, its user and the user\'s role in the session\'s studio', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'admin');
      const s = sessionFor(user, studio.id, 'one');
      await store.sessions.createSession(s);
      assert.deepEqual(await store.sessions.findSessionWithUser(s.id), { session: s, user, role: 'admin' });
    }));

    test('role is null without a studio, and for a studio the user has no membership in (another studio\'s role does not leak)', () => withStore(factory, async (store) => {
      const { user } = await addMember(store, 'mine', 'ann', 'owner');
      const other = await addStudio(store, 'other');
      const bob = await addUser(store, 'bob');
      await store.studios.putMembership({ studioId: other.id, userId: bob.id, role: 'owner', now: 3 });
      const none = sessionFor(user, null, 'none');
      const foreign = sessionFor(user, other.id, 'foreign');
      for (const s of [none, foreign]) await store.sessions.createSession(s);
      assert.deepEqual(await store.sessions.findSessionWithUser(none.id), { session: none, user, role: null });
      assert.deepEqual(await store.sessions.findSessionWithUser(foreign.id), { session: foreign, user, role: null });
    }));

    test('reads after writes: a studio switch, a role change, a disabled user, a touch and a deletion are seen at once', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 'one', 'ann', 'viewer');
      const two = await addStudio(store, 'two');
      await store.studios.putMembership({ studioId: two.id, userId: user.id, role: 'member', now: 3 });
      const s = sessionFor(user, studio.id, 'one');
      await store.sessions.createSession(s);
      assert.equal((await store.sessions.findSessionWithUser(s.id))?.role, 'viewer');
      await store.studios.putMembership({ studioId: studio.id, userId: user.id, role: 'admin', now: 4 });
      assert.equal((await store.sessions.findSessionWithUser(s.id))?.role, 'admin');
      await store.sessions.setSessionStudio(s.id, two.id);
      const switched = await store.sessions.findSessionWithUser(s.id);
      assert.equal(switched?.session.studioId, two.id);
      assert.equal(switched?.role, 'member');
      await store.users.setUserDisabled(user.id, 20);
      await store.sessions.touchSession(s.id, 30);
      const later = await store.sessions.findSessionWithUser(s.id);
      assert.equal(later?.user.disabledAt, 20);
      assert.equal(later?.session.lastSeenAt, 30);
      await store.sessions.deleteSession(s.id);
      assert.equal(await store.sessions.findSessionWithUser(s.id), null);
    }));

    test('agrees with the three reads it replaces, and hands out records the caller may change', () => withStore(factory, async (store) => {
      const { user, studio } = await addMember(store, 's', 'ann', 'member');
      const s = sessionFor(user, studio.id, 'one', { kind: 'jwt' });
      await store.sessions.createSession(s);
      for (let i = 0; i < 2; i++) {
        const joined = await store.sessions.findSessionWithUser(s.id);
        assert.deepEqual(joined, { session: await store.sessions.findSession(s.id), user: await store.users.findUserById(user.id), role: await store.studios.findRole(user.id, studio.id) });
        if (joined) joined.session.lastSeenAt = 999; // validateSession updates its copy in place
      }
      assert.equal((await store.sessions.findSession(s.id))?.lastSeenAt, 10);
    }));
  });

  describe(`${backend}: SecretStore`, () => {
    test('getOrCreateSecret: the first writer wins; put replaces; delete removes', () => withStore(factory, async (store) => {
      assert.equal(await store.secrets.getSecret('csrf'), null);
      assert.equal(await store.secrets.getOrCreateSecret('csrf', () => 'first', 1), 'first');
      assert.equal(await store.secrets.getOrCreateSecret('csrf', () => 'second', 2), 'first');
      await store.secrets.putSecret('csrf', 'rotated', 3);
      assert.equal(await store.secrets.getSecret('csrf'), 'rotated');
      await store.secrets.deleteSecret('csrf');
      assert.equal(await store.secrets.getSecret('csrf'), null);
      await store.secrets.deleteSecret('never-there');
    }));
  });
}
