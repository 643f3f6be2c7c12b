// GET /api/v1/audit-events: the active studio's audit log for its owners and admins, newest first, by cursor.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import type { AuditEventRecord, AuditFilter } from '../../store/types.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { AppDeps } from '../deps.ts';
import { ErrorSchema } from '../schemas.ts';
import { activeStudioOf } from '../studio-scope.ts';

const AuditEvent = Type.Object({
  id: Type.String(), kind: Type.String({ examples: ['login_succeeded'] }), actor_id: Type.Union([Type.String(), Type.Null()]),
  client_address: Type.Union([Type.String(), Type.Null()]), user_agent: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()), created_at: Type.String(),
});

function time(raw: string | undefined, field: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new AppError('validation_failed', undefined, { details: { [field]: 'must be an ISO 8601 date-time' } });
  return ms;
}

const toPublic = (e: AuditEventRecord) => ({
  id: e.id, kind: e.kind, actor_id: e.actorId, client_address: e.clientIp, user_agent: e.userAgent, data: e.data, created_at: new Date(e.createdAt).toISOString(),
});

export interface AuditQuery {
  actor?: string | undefined;
  kind?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** One page of the studio's audit log for a query as the API and the audit page take it (bad dates are 422). */
export async function auditEventsPage(deps: AppDeps, studioId: string, q: AuditQuery): Promise<{ events: AuditEventRecord[]; nextCursor: string | null }> {
  const filter: AuditFilter = {};
  if (q.actor !== undefined && q.actor !== '') filter.actorId = q.actor;
  if (q.kind !== undefined) {
    const kinds = q.kind.split(',').map((k) => k.trim()).filter(Boolean);
    if (kinds.length > 0) filter.kinds = kinds;
  }
  const since = time(q.since || undefined, 'since');
  const until = time(q.until || undefined, 'until');
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  const limit = q.limit ?? 50;
  const events = await deps.store.audit.listAuditEvents(studioId, filter, q.cursor ? decodeCursor(q.cursor, 'ev') : null, limit);
  const last = events[events.length - 1];
  return { events, nextCursor: events.length === limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

export function registerAuditRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/v1/audit-events', {
    config: { policy: { access: 'authenticated', permission: 'audit:read' } },
    schema: {
      tags: ['audit'],
      summary: 'The studio\'s audit log: logins, logouts, credentials created and revoked, password changes, switches, gallery logins',
      description: 'Newest first. Pass `next_cursor` back as `cursor` for the next page; every page costs the same. Filters: `actor`, `kind` (repeat or comma-separate), `since` (inclusive), `until` (exclusive).',
      querystring: Type.Object({
        actor: Type.Optional(Type.String({ maxLength: 40 })),
        kind: Type.Optional(Type.String({ maxLength: 500 })),
        since: Type.Optional(Type.String({ maxLength: 40 })),
        until: Type.Optional(Type.String({ maxLength: 40 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
      }),
      response: { 200: Type.Object({ data: Type.Array(AuditEvent), next_cursor: Type.Union([Type.String(), Type.Null()]) }), '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request) => {
    const { events, nextCursor } = await auditEventsPage(deps, activeStudioOf(request), request.query);
    return { data: events.map(toPublic), next_cursor: nextCursor };
  });
}
