// Caching decorators for the stores every request reads: sessions, users and studio memberships.
import type { Role, SessionRecord, SessionStore, SessionWithUser, StudioMembership, StudioStore, UserRecord, UserStore } from './types.ts';
import { cachedRead, type BoundedCache, type CacheScope } from './cache-context.ts';

export interface IdentityCaches {
  sessions: BoundedCache<SessionRecord>;
  users: BoundedCache<UserRecord>;
  /** Key: userId NUL studioId. */
  roles: BoundedCache<Role>;
  /** Key: userId. */
  studioLists: BoundedCache<StudioMembership[]>;
}

export const roleKey = (userId: string, studioId: string): string => `${userId}\u0000${studioId}`;

/** Every method is listed (no spread): a new write method on the interface must decide what it invalidates. */
export function cachedSessionStore(inner: SessionStore, scope: CacheScope, caches: IdentityCaches): SessionStore {
  const { sessions, users, roles } = caches;
  return {
    createSession: (session, device) => inner.createSession(session, device),
    // A list for the account page: rare, and it must show what the database holds, so it is never cached.
    listUserSessions: (userId) => inner.listUserSessions(userId),
    setSessionStudio: (id, studioId) => scope.change({ kind: 'session', id }, () => inner.setSessionStudio(id, studioId)),
    async findSession(id): Promise<SessionRecord | null> {
      const found = await cachedRead(scope, sessions, id, () => inner.findSession(id));
      return found ? { ...found } : null;
    },
    // Answered from the three caches findSession, findUserById and findRole fill, and filling them in turn: the joined
    // read and the separate ones share one cache, so a write invalidates both ways of reading alike.
    async findSessionWithUser(id): Promise<SessionWithUser | null> {
      if (!scope.fill || !scope.ctx.serving()) return inner.findSessionWithUser(id);
      const session = sessions.get(id);
      const user = session && users.get(session.userId);
      const role = session && session.studioId !== null ? roles.get(roleKey(session.userId, session.studioId)) : null;
      if (session && user && role !== undefined) return { session: { ...session }, user: { ...user }, role };
      const epoch = scope.ctx.epoch;
      const found = await inner.findSessionWithUser(id);
      if (found && epoch === scope.ctx.epoch) {
        // Copies go into the cache (it freezes what it holds); the caller keeps mutable records.
        sessions.set(id, { ...found.session });
        users.set(found.user.id, { ...found.user });
        if (found.session.studioId !== null && found.role !== null) roles.set(roleKey(found.user.id, found.session.studioId), found.role);
      }
      return found;
    },
    async touchSession(id, lastSeenAt): Promise<void> {
      await inner.touchSession(id, lastSeenAt);
      const cached = sessions.get(id);
      if (!scope.fill) return scope.change({ kind: 'session', id }, async () => undefined);
      if (cached && cached.lastSeenAt < lastSeenAt) sessions.set(id, { ...cached, lastSeenAt });
      scope.announce({ kind: 'session', id });
    },
    deleteSession: (id) => scope.change({ kind: 'session', id }, () => inner.deleteSession(id)),
    deleteUserSessions: (userId) => scope.change({ kind: 'user-sessions', userId }, () => inner.deleteUserSessions(userId)),
    // Drops every cached session of the user, the kept one too: it is simply read again.
    deleteUserSessionsExcept: (userId, keepId) => scope.change({ kind: 'user-sessions', userId }, () => inner.deleteUserSessionsExcept(userId, keepId)),
    // Only this instance's copies: every instance sweeps, and each drops its own (an expired session is refused anyway).
    // A count for the metrics scrape: what the database holds, never cached.
    countLiveSessions: (now, idleMs) => inner.countLiveSessions(now, idleMs),
    deleteExpiredSessions: async (now, idleMs) => {
      const deleted = await inner.deleteExpiredSessions(now, idleMs);
      scope.ctx.epoch++;
      sessions.clear();
      return deleted;
    },
  };
}

export function cachedUserStore(inner: UserStore, scope: CacheScope, caches: IdentityCaches): UserStore {
  const change = (id: string, write: () => Promise<void>): Promise<void> => scope.change({ kind: 'user', id }, write);
  return {
    createUser: (input) => inner.createUser(input),
    async findUserById(id): Promise<UserRecord | null> {
      const found = await cachedRead(scope, caches.users, id, () => inner.findUserById(id));
      return found ? { ...found } : null;
    },
    findUserByLoginKey: (key) => inner.findUserByLoginKey(key),
    updatePasswordHash: (id, passwordHash, now) => change(id, () => inner.updatePasswordHash(id, passwordHash, now)),
    // A change of names drops every instance's cached copy of the user, as any other change of theirs does.
    updateUserNames: (id, names, now) => change(id, () => inner.updateUserNames(id, names, now)),
    setUserLocked: (id, lockedAt) => change(id, () => inner.setUserLocked(id, lockedAt)),
    setUserDisabled: (id, disabledAt) => change(id, () => inner.setUserDisabled(id, disabledAt)),
    countUsers: () => inner.countUsers(),
  };
}

export function cachedStudioStore(inner: StudioStore, scope: CacheScope, caches: IdentityCaches): StudioStore {
  const { roles, studioLists } = caches;
  return {
    createStudio: (input) => inner.createStudio(input),
    findStudioById: (id) => inner.findStudioById(id),
    findStudioBySlug: (slug) => inner.findStudioBySlug(slug),
    putMembership: (input) => scope.change({ kind: 'membership', userId: input.userId, studioId: input.studioId }, () => inner.putMembership(input)),
    addMember: (input) => scope.change({ kind: 'membership', userId: input.userId, studioId: input.studioId }, () => inner.addMember(input)),
    // The roster of a studio is read by the members page, not per request: never cached.
    listStudioMembers: (studioId) => inner.listStudioMembers(studioId),
    changeMemberRole: (input) => scope.change({ kind: 'membership', userId: input.userId, studioId: input.studioId }, () => inner.changeMemberRole(input)),
    // Issue #20: a removed member's cached role and studio list go before and after the delete, here and (through the
    // channel) on every other instance, so their next request is judged without the studio.
    removeMember: (input) => scope.change({ kind: 'membership', userId: input.userId, studioId: input.studioId }, () => inner.removeMember(input)),
    transferOwnership: (input) => scope.change({ kind: 'membership', userId: input.fromUserId, studioId: input.studioId },
      () => scope.change({ kind: 'membership', userId: input.toUserId, studioId: input.studioId }, () => inner.transferOwnership(input))),
    findRole: (userId, studioId) => cachedRead(scope, roles, roleKey(userId, studioId), () => inner.findRole(userId, studioId)),
    async listUserStudios(userId): Promise<StudioMembership[]> {
      const found = await cachedRead(scope, studioLists, userId, () => inner.listUserStudios(userId));
      return (found ?? []).map((m) => ({ studio: { ...m.studio }, role: m.role }));
    },
  };
}
