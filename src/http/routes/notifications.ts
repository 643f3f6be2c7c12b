// The studio's notifications; also the seeds' "verify session" request.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import { ErrorSchema } from '../schemas.ts';
import { principalOf } from '../plugins/authenticate.ts';

const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  message: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  read: Type.Boolean(),
  created_at: Type.String(),
});

export function registerNotificationRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/v1/notifications/all', {
    config: { policy: { access: 'authenticated', permission: 'notifications:read' } },
    schema: {
      tags: ['notifications'],
      summary: "The active studio's notifications, newest first",
      querystring: Type.Object({
        page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
        per_page: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
      }),
      response: {
        200: Type.Object({
          data: Type.Array(Notification),
          meta: Type.Object({ current_page: Type.Integer(), per_page: Type.Integer(), total: Type.Integer(), total_pages: Type.Integer() }),
        }),
        '4xx': ErrorSchema,
        '5xx': ErrorSchema,
      },
    },
  }, async (request) => {
    const p = principalOf(request);
    const { page, per_page } = request.query;
    const { items, total } = p.studioId === null
      ? { items: [], total: 0 }
      : await deps.store.notifications.listNotifications(p.studioId, { limit: per_page, offset: (page - 1) * per_page });
    return {
      data: items.map((n) => ({ id: n.id, kind: n.kind, message: n.message, data: n.data, read: n.readAt !== null, created_at: new Date(n.createdAt).toISOString() })),
      meta: { current_page: page, per_page, total, total_pages: Math.ceil(total / per_page) },
    };
  });
}
