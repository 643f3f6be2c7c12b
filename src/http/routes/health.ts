// Liveness (the process answers) and readiness (the store answers).
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../../errors.ts';
import { ErrorSchema } from '../schemas.ts';

const STORE_TIMEOUT_MS = 2000;

export function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', {
    config: { policy: { access: 'public' } },
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { policy: { access: 'public' } },
    schema: { tags: ['health'], summary: 'Readiness: the store answers', response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: ErrorSchema } },
  }, async (request) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.store.ping(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('store ping timed out')), STORE_TIMEOUT_MS); }),
      ]);
    } catch (err) {
      request.log.warn({ err }, 'store not ready');
      throw new AppError('unavailable', 'Store is not reachable', { retryAfter: 5 });
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ready' as const };
  });
}
