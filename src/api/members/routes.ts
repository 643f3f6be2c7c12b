// Studio API: the sessions of the studio's members, for its owners and admins. Thin: parse, call the service.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { Credential } from '../../http/account.ts';
import { principalOf } from '../../http/plugins/policy.ts';
import { audit } from '../../http/audit.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { endMemberSessions, listMemberSessions } from './service.ts';

const BASE = '/api/v1/members/:user_id/sessions';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const MANAGE = { policy: { access: 'authenticated', permission: 'members:manage' } } as const;
const UserParams = Type.Object({ user_id: Type.String({ maxLength: 64 }) });

export function registerMemberRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(BASE, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'A member\'s sessions in the active studio (owners and admins; only an owner sees an owner\'s)',
      params: UserParams, response: { 200: Type.Object({ data: Type.Array(Credential) }), ...ERRORS },
    },
  }, async (request) => ({ data: await listMemberSessions(deps, principalOf(request), activeStudioOf(request), request.params.user_id) }));

  app.delete(BASE, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'End every session the member holds in the active studio (effective at once)',
      params: UserParams, response: { 200: Type.Object({ sessions_ended: Type.Integer() }), ...ERRORS },
    },
  }, async (request) => {
    const p = principalOf(request);
    const ended = await endMemberSessions(deps, p, activeStudioOf(request), request.params.user_id);
    audit(deps, request, 'member_sessions_revoked', { userId: p.user.id, memberId: request.params.user_id, ended });
    return { sessions_ended: ended };
  });

  app.delete(`${BASE}/:id`, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'End one of the member\'s sessions in the active studio',
      params: Type.Object({ user_id: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), ...ERRORS },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    await endMemberSessions(deps, p, activeStudioOf(request), request.params.user_id, request.params.id);
    audit(deps, request, 'member_session_revoked', { userId: p.user.id, memberId: request.params.user_id, session: request.params.id });
    return reply.code(204).send(null);
  });
}
