// The studio's notifications (list, mark one read); the list is also the seeds' "verify session" request.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { NotificationRecord } from '../../store/types.ts';
import { ErrorSchema } from '../schemas.ts';
import { principalOf } from '../plugins/policy.ts';
import { activeStudioOf } from '../studio-scope.ts';
import { PageLinksSchema, PageMetaSchema, PageQueryFields, pageLinks, pageMeta, pageWindow } from '../pagination.ts';

const LIST_PATH = '/api/v1/notifications/all';

const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  message: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  read: Type.Boolean(),
  read_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

interface PublicNotification {
  id: string;
  kind: string;
  message: string;
  data: Record<string, unknown>;
  read: boolean;
  read_at: string | null;
  created_at: string;
}

function toPublicNotification(n: NotificationRecord): PublicNotification {
  return {
    id: n.id, kind: n.kind, message: n.message, data: n.data, read: n.readAt !== null,
    read_at: n.readAt === null ? null : new Date(n.readAt).toISOString(), created_at: new Date(n.createdAt).toISOString(),
  };
}

export function registerNotificationRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(LIST_PATH, {
    config: { policy: { access: 'authenticated', permission: 'notifications:read' } },
    schema: {
      tags: ['notifications'],
      summary: "The active studio's notifications, newest first",
      querystring: Type.Object(PageQueryFields),
      response: {
        200: Type.Object({ data: Type.Array(Notification), meta: PageMetaSchema, links: PageLinksSchema }),
        '4xx': ErrorSchema,
        '5xx': ErrorSchema,
      },
    },
  }, async (request) => {
    const p = principalOf(request);
    const { page, per_page } = request.query;
    const { items, total } = p.studioId === null
      ? { items: [], total: 0 }
      : await deps.store.notifications.listNotifications(p.studioId, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toPublicNotification), meta, links: pageLinks(LIST_PATH, meta) };
  });

  app.post('/api/v1/notifications/:id/read', {
    config: { policy: { access: 'authenticated', permission: 'notifications:write' } },
    schema: {
      tags: ['notifications'],
      summary: "Mark one of the active studio's notifications read (idempotent: the first read time is kept)",
      params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
      response: { 200: Type.Object({ data: Notification }), '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request) => {
    const studioId = activeStudioOf(request);
    const { id } = request.params;
    if (!isIdOf('nt', id)) throw new AppError('invalid_id_format', 'Notification id must look like nt_ followed by 22 letters or digits');
    const marked = await deps.store.notifications.markNotificationRead(studioId, id, deps.clock.now());
    const notification = marked ? await deps.store.notifications.findNotification(studioId, id) : null;
    if (!notification) throw new AppError('not_found', 'Notification not found');
    return { data: toPublicNotification(notification) };
  });
}
