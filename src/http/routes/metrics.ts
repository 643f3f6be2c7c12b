// GET /metrics: the Prometheus text exposition of this app's registry; only when metrics.enabled, and behind
// metrics.token when one is set.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../../errors.ts';
import { splitAuthorization } from '../../auth/authorization-header.ts';
import { header } from '../request-checks.ts';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against metrics.token. Both sides are hashed first, so the comparison takes
 * the same time whatever the presented token's length or content.
 */
function checkToken(request: FastifyRequest, expected: Buffer): void {
  const raw = header(request, 'authorization');
  const parts = raw === undefined ? null : splitAuthorization(raw);
  if (parts === null || parts.scheme.toLowerCase() !== 'bearer' || parts.rest === '') {
    throw new AppError('authentication_required', 'The metrics endpoint needs Authorization: Bearer <metrics.token>');
  }
  if (!timingSafeEqual(digest(parts.rest), expected)) {
    request.log.warn({ event: 'metrics_token_rejected' }, 'security event');
    throw new AppError('invalid_token', 'The metrics token is not valid');
  }
}

/**
 * Registered only when metrics are enabled: otherwise /metrics is an unknown route (404). Its policy is `public`
 * because no user credential applies here (a session or API token must not open it); the metrics token, when
 * configured, is checked by the handler itself. Hidden from the OpenAPI document: it exists on some servers only.
 */
export function registerMetricsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const metrics = deps.metrics;
  if (metrics === undefined) return;
  const token = deps.config.metrics.token;
  const expected = token === undefined ? undefined : digest(token);
  app.get('/metrics', {
    config: { policy: { access: 'public' } },
    schema: { hide: true },
  }, async (request, reply) => {
    if (expected !== undefined) checkToken(request, expected);
    const text = await metrics.render();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
