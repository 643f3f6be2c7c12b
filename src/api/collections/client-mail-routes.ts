// Studio API: tell a collection's clients their gallery is ready (issue #20), and what the clients did there (issue #18). Thin: parse, call, audit.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { audit } from '../../http/audit.ts';
import { COLLECTION_LIMITS, IdParams } from './schemas.ts';
import { CLIENT_NOTE_MAX, notifyClients } from './client-mail.ts';
import { ACTIVITY_DAYS, RECENT_EVENTS, collectionActivity } from './activity.ts';

const BASE = '/api/v1/collections';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

export const NotifyClientsBody = Type.Object({
  emails: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: COLLECTION_LIMITS.email }), {
    minItems: 1, maxItems: COLLECTION_LIMITS.accessList,
    description: 'Only these clients (each must be on the access list; a repeated address is mailed once). Absent: everyone on the list.',
  })),
  message: Type.Optional(Type.String({ maxLength: CLIENT_NOTE_MAX * 4, description: `A personal note from the studio, plain text, at most ${CLIENT_NOTE_MAX} characters; shown escaped` })),
});

export const NotifyClientsResponse = Type.Object({
  data: Type.Object({
    queued: Type.Integer({ description: 'Messages queued in the outbox, one per recipient' }),
    emails: Type.Array(Type.String(), { description: 'Who they are for, as the access list spells them' }),
  }),
});

const Counts = { visits: Type.Integer(), favorites: Type.Integer(), downloads: Type.Integer() };
export const ActivityResponse = Type.Object({
  data: Type.Object({
    days: Type.Integer(),
    series: Type.Array(Type.Object({ date: Type.String({ description: 'YYYY-MM-DD, UTC' }), ...Counts }), { description: 'Every day of the window, oldest first, zeros included' }),
    totals: Type.Object(Counts, { description: 'Over the window' }),
    recent: Type.Array(Type.Object({
      at: Type.String(), kind: Type.Union([Type.Literal('visit'), Type.Literal('favorite'), Type.Literal('download')]), email: Type.String(),
      filename: Type.Union([Type.String(), Type.Null()]), size: Type.Union([Type.String(), Type.Null()]),
    }), { description: `The latest ${RECENT_EVENTS} events, newest first` }),
  }),
}, { examples: [{ data: {
  days: 2, series: [{ date: '2026-06-01', visits: 3, favorites: 12, downloads: 0 }, { date: '2026-06-02', visits: 1, favorites: 0, downloads: 4 }],
  totals: { visits: 4, favorites: 12, downloads: 4 },
  recent: [{ at: '2026-06-02T18:04:11.000Z', kind: 'download', email: 'ann@example.com', filename: 'IMG_0412.jpg', size: 'original' }],
} }] });

export function registerClientMailRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/:id/activity`, {
    config: { policy: { access: 'authenticated', permission: 'galleries:read' } },
    schema: {
      tags: ['collections'],
      summary: "A collection's activity: visits, favorites and downloads per day over `days` (default 30), the totals, and the latest events with who",
      params: IdParams,
      querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: ACTIVITY_DAYS.max, default: ACTIVITY_DAYS.default })) }),
      response: { 200: ActivityResponse, ...ERRORS },
    },
  }, async (request) => {
    const a = await collectionActivity(deps, activeStudioOf(request), request.params.id, request.query.days ?? ACTIVITY_DAYS.default);
    return { data: { ...a, recent: a.recent.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) } };
  });

  app.post(`${BASE}/:id/notify-clients`, {
    config: { policy: { access: 'authenticated', permission: 'galleries:write' } },
    schema: {
      tags: ['collections'],
      summary: 'Mail the clients on the access list (or some of them) that their gallery is ready, with its link and expiry; 202 with how many were queued',
      description: 'Each message carries the gallery link (server.publicUrl + the collection\'s visitor_login_url), the expiry date when there is one and the optional note, never the gallery password. '
        + 'A collection without a client access list is 400 no_client_access_list; an address not on the list 422; an expired collection 403 collection_expired; an address that already had 3 messages about this collection in 24 hours makes it 429 rate_limited (details.emails names them, nothing is queued). Sent through the outbox: an SMTP failure delays, never loses.',
      params: IdParams, body: NotifyClientsBody, response: { 202: NotifyClientsResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    const body = request.body;
    const done = await notifyClients(deps, activeStudioOf(request), request.params.id, {
      ...(body.emails !== undefined ? { emails: body.emails } : {}), ...(body.message !== undefined ? { message: body.message } : {}),
    });
    audit(deps, request, 'clients_notified', { studioId: done.collection.studioId, collectionId: done.collection.id, recipients: done.emails.length, note: body.message !== undefined });
    return reply.code(202).send({ data: { queued: done.emails.length, emails: done.emails } });
  });
}
