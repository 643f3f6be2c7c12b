// Liveness (the process answers) and readiness (the store, and Redis when configured, answer; photo storage full or not).
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
    schema: {
      tags: ['health'],
      summary: 'Readiness: the store (and Redis, when configured) answers; `storage` is "full" while uploads are refused for lack of disk space (reads and logins still work)',
      response: { 200: Type.Object({ status: Type.Literal('ready'), storage: Type.Union([Type.Literal('ok'), Type.Literal('full')]) }), 503: ErrorSchema },
    },
  }, async (request) => {
    // The store first, then every other dependency (Redis): the 503 names the one that is down.
    const checks = [{ name: 'store', ping: () => deps.store.ping() }, ...(deps.readiness ?? [])];
    for (const check of checks) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check.ping(),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${check.name} ping timed out`)), STORE_TIMEOUT_MS); }),
        ]);
      } catch (err) {
        request.log.warn({ err, dependency: check.name }, `${check.name} not ready`);
        const what = check.name === 'store' ? 'Store' : check.name === 'redis' ? 'Redis' : check.name;
        throw new AppError('unavailable', `${what} is not reachable`, { retryAfter: 5, details: { dependency: check.name } });
      } finally {
        clearTimeout(timer);
      }
    }
    return { status: 'ready' as const, storage: deps.storage.space.state };
  });
}
