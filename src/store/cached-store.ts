// createCachedStore: the Store with an in-process cache of what authentication reads per request, invalidated on every write.
import type { Store } from './types.ts';
import { CacheContext, type CacheOptions, type CacheScope } from './cache-context.ts';
import { cachedSessionStore, cachedStudioStore, cachedUserStore, type IdentityCaches } from './cached-identity.ts';
import { cachedAccessTokenStore, cachedAppKeyStore, type CredentialCaches } from './cached-credentials.ts';

type Caches = IdentityCaches & CredentialCaches;

function wrap<S extends Store>(inner: S, scope: CacheScope, caches: Caches): S {
  return {
    ...inner,
    sessions: cachedSessionStore(inner.sessions, scope, caches),
    users: cachedUserStore(inner.users, scope, caches),
    studios: cachedStudioStore(inner.studios, scope, caches),
    accessTokens: cachedAccessTokenStore(inner.accessTokens, scope, caches),
    appKeys: cachedAppKeyStore(inner.appKeys, scope, caches),
  };
}

/**
 * Wraps a Store so sessions, users, memberships, personal access tokens and app keys are read from memory after the
 * first time. Revocation stays immediate: every write through this store drops what it changes before it runs (and,
 * inside a transaction, again once the transaction settles), and `changedElsewhere` drops everything when another
 * connection or process wrote. Reads inside a transaction go straight to the backend and never fill the cache.
 */
export function createCachedStore<S extends Store>(inner: S, options: CacheOptions): S {
  const ctx = new CacheContext(options);
  const caches: Caches = {
    sessions: ctx.create(), users: ctx.create(), roles: ctx.create(), studioLists: ctx.create(),
    accessTokens: ctx.create(), appKeys: ctx.create(),
  };
  const direct: CacheScope = {
    ctx,
    fill: true,
    invalidate(drop): void {
      ctx.epoch++;
      drop();
    },
  };
  const store = wrap(inner, direct, caches);
  return {
    ...store,
    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      const pending: Array<() => void> = [];
      const scope: CacheScope = {
        ctx,
        fill: false,
        invalidate(drop): void {
          ctx.epoch++;
          drop();
          pending.push(drop);
        },
      };
      try {
        return await inner.transaction((tx) => {
          const wrapped = wrap(tx, scope, caches);
          return fn({ ...wrapped, transaction: (nested) => nested(wrapped) });
        });
      } finally {
        // Reads that ran while the transaction was open may have refilled what it changed: drop it again.
        if (pending.length > 0) ctx.epoch++;
        for (const drop of pending) drop();
      }
    },
  };
}
