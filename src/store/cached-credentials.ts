// Caching decorators for personal access tokens and application keys, looked up by hash on every request that carries one.
import type { AccessTokenRecord, AccessTokenStore, AccessTokenWithUser, AppKeyRecord, AppKeyStore } from './types.ts';
import { cachedRead, type BoundedCache, type CacheScope } from './cache-context.ts';
import { roleKey, type IdentityCaches } from './cached-identity.ts';

export interface CredentialCaches {
  /** Key: token hash. */
  accessTokens: BoundedCache<AccessTokenRecord>;
  /** Key: key hash. */
  appKeys: BoundedCache<AppKeyRecord>;
}

export function cachedAccessTokenStore(inner: AccessTokenStore, scope: CacheScope, caches: CredentialCaches & IdentityCaches): AccessTokenStore {
  const { accessTokens, users, roles } = caches;
  return {
    insertAccessToken: (token) => inner.insertAccessToken(token),
    // From (and into) the caches the separate token, user and role reads use, so their invalidations cover it too.
    async findAccessTokenWithUser(hash): Promise<AccessTokenWithUser | null> {
      if (!scope.fill || !scope.ctx.serving()) return inner.findAccessTokenWithUser(hash);
      const token = accessTokens.get(hash);
      const user = token && users.get(token.userId);
      const role = token && token.studioId !== null ? roles.get(roleKey(token.userId, token.studioId)) : null;
      if (token && user && role !== undefined) return { token: { ...token, scopes: [...token.scopes] }, user: { ...user }, role };
      const epoch = scope.ctx.epoch;
      const found = await inner.findAccessTokenWithUser(hash);
      if (found && epoch === scope.ctx.epoch) {
        accessTokens.set(hash, { ...found.token, scopes: [...found.token.scopes] });
        users.set(found.user.id, { ...found.user });
        if (found.token.studioId !== null && found.role !== null) roles.set(roleKey(found.user.id, found.token.studioId), found.role);
      }
      return found;
    },
    async findAccessTokenByHash(hash): Promise<AccessTokenRecord | null> {
      const found = await cachedRead(scope, accessTokens, hash, () => inner.findAccessTokenByHash(hash));
      return found ? { ...found, scopes: [...found.scopes] } : null;
    },
    listAccessTokens: (userId) => inner.listAccessTokens(userId),
    revokeAccessToken: (userId, id, now) => scope.change({ kind: 'access-token', id }, () => inner.revokeAccessToken(userId, id, now)),
    async touchAccessToken(id, now): Promise<void> {
      await inner.touchAccessToken(id, now);
      if (!scope.fill) return scope.change({ kind: 'access-token', id }, async () => undefined);
      for (const [hash, t] of accessTokens.entriesWhere((t) => t.id === id)) accessTokens.set(hash, { ...t, lastUsedAt: now });
      scope.announce({ kind: 'access-token', id });
    },
  };
}

export function cachedAppKeyStore(inner: AppKeyStore, scope: CacheScope, caches: CredentialCaches): AppKeyStore {
  const { appKeys } = caches;
  return {
    insertAppKey: (key) => inner.insertAppKey(key),
    async findAppKeyByHash(hash): Promise<AppKeyRecord | null> {
      const found = await cachedRead(scope, appKeys, hash, () => inner.findAppKeyByHash(hash));
      return found ? { ...found } : null;
    },
    listAppKeys: (studioId) => inner.listAppKeys(studioId),
    revokeAppKey: (studioId, id, now) => scope.change({ kind: 'app-key', id }, () => inner.revokeAppKey(studioId, id, now)),
    async touchAppKey(id, now): Promise<void> {
      await inner.touchAppKey(id, now);
      if (!scope.fill) return scope.change({ kind: 'app-key', id }, async () => undefined);
      for (const [hash, k] of appKeys.entriesWhere((k) => k.id === id)) appKeys.set(hash, { ...k, lastUsedAt: now });
      scope.announce({ kind: 'app-key', id });
    },
  };
}

