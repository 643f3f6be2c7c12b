// The per-client request rate limit: @fastify/rate-limit, counted in Redis when configured (shared), else in process.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor, type RateLimitPluginOptions } from '@fastify/rate-limit';
import { AppError } from '../../errors.ts';
import type { ScriptRunner } from '../../auth/redis-throttle.ts';
import { RedisRequestCounter } from '../../auth/request-counter.ts';
import type { AppDeps } from '../deps.ts';

/** Load balancers and orchestrators ask these often, from few addresses: never limited. */
const EXEMPT = new Set(['/healthz', '/readyz']);

/**
 * A store for @fastify/rate-limit over our Redis connection rather than the plugin's own RedisStore: a Redis failure
 * then arrives as AppError('unavailable') (503 with Retry-After) instead of a raw driver error that would be a 500,
 * and the keys live under redis.prefix with everything else. The counting is the password-reset counters' fixed
 * window (RedisRequestCounter), so the client address is stored only as a hash.
 */
function sharedStore(redis: ScriptRunner): FastifyRateLimitStoreCtor {
  class SharedStore implements FastifyRateLimitStore {
    private readonly counter: RedisRequestCounter;
    constructor(_options: unknown, scope = 'global') {
      this.counter = new RedisRequestCounter(redis, `ratelimit:${scope}`);
    }
    incr(key: string, done: (err: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      this.counter.hit(key, timeWindow).then(({ count, resetMs }) => done(null, { current: count, ttl: resetMs }), (err: Error) => done(err));
    }
    // A route with its own limit counts apart from the global one.
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : String(routeOptions.method);
      return new SharedStore(undefined, `${method}${routeOptions.url}`);
    }
  }
  return SharedStore as unknown as FastifyRateLimitStoreCtor;
}

/**
 * Registers the global limit (rateLimit.max requests per rateLimit.window seconds per client address, as Fastify's
 * trustProxy resolves it). Every answer carries the IETF RateLimit-Policy and RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers); a refused request is 429 rate_limited with Retry-After.
 */
export async function registerRateLimit(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { max, window } = deps.config.rateLimit;
  if (max === 0) return;
  const policy = `"per-client";q=${max};w=${window}`;
  const options: RateLimitPluginOptions = {
    global: true,
    max,
    timeWindow: window * 1000,
    hook: 'onRequest',
    keyGenerator: (request: FastifyRequest) => request.ip,
    allowList: (request: FastifyRequest) => EXEMPT.has(request.routeOptions.url ?? ''),
    enableDraftSpec: true,
    // Our own error: the one renderer turns it into the JSON body (or page) and sets Retry-After.
    errorResponseBuilder: (_request, context) => {
      deps.metrics?.throttleHit('requests');
      return new AppError('rate_limited', undefined, { retryAfter: Math.max(1, context.ttl / 1000) });
    },
    ...(deps.sharedCounters ? { store: sharedStore(deps.sharedCounters) } : {}),
  };
  await app.register(rateLimit, options);
  // The plugin writes draft 03's three fields; answers carry the current draft's two instead.
  app.addHook('onSend', async (_request, reply) => {
    const remaining = reply.getHeader('ratelimit-remaining');
    const reset = reply.getHeader('ratelimit-reset');
    if (remaining === undefined || reset === undefined) return;
    reply.removeHeader('ratelimit-limit');
    reply.removeHeader('ratelimit-remaining');
    reply.removeHeader('ratelimit-reset');
    reply.header('ratelimit-policy', policy);
    reply.header('ratelimit', `"per-client";r=${String(remaining)};t=${String(reset)}`);
  });
}
