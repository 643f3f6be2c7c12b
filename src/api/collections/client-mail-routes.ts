// Studio API: tell a collection's clients their gallery is ready (issue #20). Thin: parse, call, audit.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { audit } from '../../http/audit.ts';
import { COLLECTION_LIMITS, IdParams } from './schemas.ts';
import { CLIENT_NOTE_MAX, notifyClients } from './client-mail.ts';

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

export function registerClientMailRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(`${BASE}/:id/notify-clients`, {
    config: { policy: { access: 'authenticated', permission: 'galleries:write' } },
    schema: {
      tags: ['collections'],
      summary: 'Mail the clients on the access list (or some of them) that their gallery is ready, with its link and expiry; 202 with how many were queued',
      description: 'Each message carries the gallery link (server.publicUrl + the collection\'s visitor_login_url), the expiry date when there is one and the optional note, never the gallery password. '
        + 'A collection without a client access list is 400 no_client_access_list; an address not on the list 422; an expired collection 403 collection_expired. Sent through the outbox: an SMTP failure delays, never loses.',
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
