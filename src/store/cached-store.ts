// createCachedStore: the Store with an in-process cache of what authentication reads per request, invalidated on every write.
import type { Store } from './types.ts';
import { CacheContext, type CacheOptions, type CacheScope, type InvalidationEvent } from './cache-context.ts';
import { cachedSessionStore, cachedStudioStore, cachedUserStore, roleKey, type IdentityCaches } from './cached-identity.ts';
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

/** Drops what an event names; the same function serves this instance's writes and the other instances' events. */
export function applyInvalidation(caches: Caches, event: InvalidationEvent): void {
  switch (event.kind) {
    case 'session': return caches.sessions.delete(event.id);
    case 'user-sessions': return caches.sessions.deleteWhere((s) => s.userId === event.userId);
    case 'user': return caches.users.delete(event.id);
    case 'membership':
      caches.roles.delete(roleKey(event.userId, event.studioId));
      return caches.studioLists.delete(event.userId);
    case 'access-token': return caches.accessTokens.deleteWhere((t) => t.id === event.id);
    case 'app-key': return caches.appKeys.deleteWhere((k) => k.id === event.id);
    case 'all':
      for (const cache of Object.values(caches)) cache.clear();
  }
}

/**
 * Sends events to the other instances. A failure after the write has landed is reported as the error it is
 * (AppError 'unavailable'): the caller must not be told a revocation reached everyone when it may not have.
 */
async function publish(ctx: CacheContext, events: InvalidationEvent[]): Promise<void> {
  if (ctx.channel === undefined || events.length === 0) return;
  await ctx.channel.publish(events);
}

/**
 * Wraps a Store so sessions, users, memberships, personal access tokens and app keys are read from memory after the
 * first time. Revocation stays immediate: every write through this store drops what it changes before and after it
 * runs (inside a transaction, again once the transaction settles), `changedElsewhere` drops everything when another
 * connection or process wrote, and with a `channel` every write is sent to the other instances, which drop the same
 * entries (and while the channel is down, no entry is served). Reads inside a transaction go straight to the backend
 * and never fill the cache.
 */
export function createCachedStore<S extends Store>(inner: S, options: CacheOptions): S {
  const ctx = new CacheContext(options);
  const caches: Caches = {
    sessions: ctx.create(), users: ctx.create(), roles: ctx.create(), studioLists: ctx.create(),
    accessTokens: ctx.create(), appKeys: ctx.create(),
  };
  const drop = (event: InvalidationEvent): void => {
    ctx.epoch++;
    applyInvalidation(caches, event);
  };
  ctx.channel?.listen({
    apply: (events) => { for (const event of events) drop(event); },
    reset: () => ctx.clearAll(),
  });
  const announce = (event: InvalidationEvent): void => {
    // Best effort by design: only last-seen times travel this way, and a missed one costs a re-read, not a revocation.
    publish(ctx, [event]).catch(() => undefined);
  };
  const direct: CacheScope = {
    ctx,
    fill: true,
    async change(event, write) {
      drop(event);
      let result;
      try {
        result = await write();
      } finally {
        // A read that ran while the write was in flight may have refilled the entry with what it replaced.
        drop(event);
      }
      await publish(ctx, [event]);
      return result;
    },
    announce,
  };
  const store = wrap(inner, direct, caches);
  return {
    ...store,
    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      const pending: InvalidationEvent[] = [];
      const announced: InvalidationEvent[] = [];
      const scope: CacheScope = {
        ctx,
        fill: false,
        change(event, write) {
          drop(event);
          pending.push(event);
          return write();
        },
        announce: (event) => { announced.push(event); },
      };
      let result: T;
      try {
        result = await inner.transaction((tx) => {
          const wrapped = wrap(tx, scope, caches);
          return fn({ ...wrapped, transaction: (nested) => nested(wrapped) });
        });
      } finally {
        // Reads that ran while the transaction was open may have refilled what it changed: drop it again.
        for (const event of pending) drop(event);
      }
      // Only after the commit: an instance that re-read before it would cache the old row again.
      await publish(ctx, [...pending, ...announced]);
      return result;
    },
  };
}
