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
    createSession: (session) => inner.createSession(session),
    async setSessionStudio(id, studioId): Promise<void> {
      scope.invalidate(() => sessions.delete(id));
      await inner.setSessionStudio(id, studioId);
    },
    async findSession(id): Promise<SessionRecord | null> {
      const found = await cachedRead(scope, sessions, id, () => inner.findSession(id));
      return found ? { ...found } : null;
    },
    // Answered from the three caches findSession, findUserById and findRole fill, and filling them in turn: the joined
    // read and the separate ones share one cache, so a write invalidates both ways of reading alike.
    async findSessionWithUser(id): Promise<SessionWithUser | null> {
      if (!scope.fill) return inner.findSessionWithUser(id);
      scope.ctx.sync();
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
      if (!scope.fill) scope.invalidate(() => sessions.delete(id));
      else if (cached && cached.lastSeenAt < lastSeenAt) sessions.set(id, { ...cached, lastSeenAt });
    },
    async deleteSession(id): Promise<void> {
      scope.invalidate(() => sessions.delete(id));
      await inner.deleteSession(id);
    },
    async deleteUserSessions(userId): Promise<number> {
      scope.invalidate(() => sessions.deleteWhere((s) => s.userId === userId));
      return inner.deleteUserSessions(userId);
    },
    async deleteExpiredSessions(now, idleMs): Promise<number> {
      scope.invalidate(() => sessions.clear());
      return inner.deleteExpiredSessions(now, idleMs);
    },
  };
}

export function cachedUserStore(inner: UserStore, scope: CacheScope, caches: IdentityCaches): UserStore {
  const { users } = caches;
  const drop = (id: string): void => scope.invalidate(() => users.delete(id));
  return {
    createUser: (input) => inner.createUser(input),
    async findUserById(id): Promise<UserRecord | null> {
      const found = await cachedRead(scope, users, id, () => inner.findUserById(id));
      return found ? { ...found } : null;
    },
    findUserByLoginKey: (key) => inner.findUserByLoginKey(key),
    async updatePasswordHash(id, passwordHash, now): Promise<void> {
      drop(id);
      await inner.updatePasswordHash(id, passwordHash, now);
    },
    async setUserLocked(id, lockedAt): Promise<void> {
      drop(id);
      await inner.setUserLocked(id, lockedAt);
    },
    async setUserDisabled(id, disabledAt): Promise<void> {
      drop(id);
      await inner.setUserDisabled(id, disabledAt);
    },
    countUsers: () => inner.countUsers(),
  };
}

export function cachedStudioStore(inner: StudioStore, scope: CacheScope, caches: IdentityCaches): StudioStore {
  const { roles, studioLists } = caches;
  return {
    createStudio: (input) => inner.createStudio(input),
    findStudioById: (id) => inner.findStudioById(id),
    findStudioBySlug: (slug) => inner.findStudioBySlug(slug),
    async putMembership(input): Promise<void> {
      scope.invalidate(() => {
        roles.delete(roleKey(input.userId, input.studioId));
        studioLists.delete(input.userId);
      });
      await inner.putMembership(input);
    },
    findRole: (userId, studioId) => cachedRead(scope, roles, roleKey(userId, studioId), () => inner.findRole(userId, studioId)),
    async listUserStudios(userId): Promise<StudioMembership[]> {
      const found = await cachedRead(scope, studioLists, userId, () => inner.listUserStudios(userId));
      return (found ?? []).map((m) => ({ studio: { ...m.studio }, role: m.role }));
    },
  };
}
