// Studio API: the roles and what each may do, the studio's members, role changes, removal, leaving and the transfer
// of ownership. Thin: parse, call the service in membership.ts, encode, audit.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { principalOf } from '../../http/plugins/policy.ts';
import { audit } from '../../http/audit.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { jarOf } from '../../http/login.ts';
import { requireFreshAuth } from '../../http/reauth.ts';
import { MemberSchema, RoleChangeBody, RolesResponse, TransferBody, UserParams, rolesDocument, rolesTable, toPublicMember } from './schemas.ts';
import { changeRole, endMembership, listMembers, memberId, transferOwnership, type EndedMembership } from './membership.ts';

const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const BASE = '/api/v1/members';
const Ended = Type.Object({ removed: Type.Boolean(), sessions_ended: Type.Integer(), personal_access_tokens_revoked: Type.Integer() });

const ended = (e: EndedMembership): { removed: true; sessions_ended: number; personal_access_tokens_revoked: number } =>
  ({ removed: true, sessions_ended: e.sessionsEnded, personal_access_tokens_revoked: e.tokensRevoked });

export function registerMembershipRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/roles', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['members'], summary: 'The roles and what each may do (the permissions table as data)',
      description: `Roles are per studio. What each grants:\n\n${rolesTable()}`,
      response: { 200: RolesResponse, ...ERRORS },
    },
  }, async () => rolesDocument());

  app.get(BASE, {
    config: { policy: { access: 'authenticated', permission: 'members:read' } },
    schema: {
      tags: ['members'], summary: 'The members of the active studio with their roles and when they joined',
      response: { 200: Type.Object({ data: Type.Array(MemberSchema) }), ...ERRORS },
    },
  }, async (request) => ({ data: (await listMembers(deps, activeStudioOf(request))).map(toPublicMember) }));

  app.patch(`${BASE}/:user_id`, {
    config: { policy: { access: 'authenticated', permission: 'members:manage' } },
    schema: {
      tags: ['members'], summary: 'Change a member\'s role',
      description: 'An unknown role is 422 `validation_failed`. Only an owner makes someone an owner or changes an owner\'s role (403 otherwise). Demoting the studio\'s last owner is 409 `last_owner`. The new role applies to the member\'s very next request, whatever credential it carries.',
      params: UserParams, body: RoleChangeBody, response: { 200: Type.Object({ data: MemberSchema }), ...ERRORS },
    },
  }, async (request) => {
    const p = principalOf(request);
    const studioId = activeStudioOf(request);
    const userId = memberId(request.params.user_id);
    const { member, previous } = await changeRole(deps, p, studioId, userId, request.body.role);
    if (previous !== member.role) audit(deps, request, 'member_role_changed', { userId: p.user.id, studioId, memberId: userId, from: previous, to: member.role });
    return { data: toPublicMember(member) };
  });

  app.delete(`${BASE}/me`, {
    config: { policy: { access: 'authenticated', permission: 'studio:read' } },
    schema: {
      tags: ['members'], summary: 'Leave the active studio',
      description: 'Every session, token-mode token, JWT family and studio-bound personal access token you hold in this studio ends, this one included (a browser\'s cookies are cleared). The studio\'s last owner cannot leave: 409 `last_owner`.',
      response: { 200: Ended, ...ERRORS },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const studioId = activeStudioOf(request);
    const done = await endMembership(deps, p, studioId, p.user.id);
    audit(deps, request, 'member_removed', { userId: p.user.id, studioId, memberId: p.user.id, left: true, role: done.previous, sessionsEnded: done.sessionsEnded, tokensRevoked: done.tokensRevoked });
    if (p.ambient) deps.sessions.clearStudioCookies(jarOf(deps, request, reply));
    return ended(done);
  });

  app.delete(`${BASE}/:user_id`, {
    config: { policy: { access: 'authenticated', permission: 'members:manage' } },
    schema: {
      tags: ['members'], summary: 'Remove a member from the active studio; their credentials here stop at once',
      description: 'The member\'s cookie sessions, token-mode tokens, JWT refresh families and personal access tokens bound to this studio end in the same transaction; the next request with any of them is refused. Their sessions in other studios stay. Only an owner removes an owner; the last owner cannot be removed (409 `last_owner`).',
      params: UserParams, response: { 200: Ended, ...ERRORS },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const studioId = activeStudioOf(request);
    const userId = memberId(request.params.user_id);
    const done = await endMembership(deps, p, studioId, userId);
    const self = userId === p.user.id;
    audit(deps, request, 'member_removed', { userId: p.user.id, studioId, memberId: userId, left: self, role: done.previous, sessionsEnded: done.sessionsEnded, tokensRevoked: done.tokensRevoked });
    if (self && p.ambient) deps.sessions.clearStudioCookies(jarOf(deps, request, reply));
    return ended(done);
  });

  app.post(`${BASE}/transfer-ownership`, {
    config: { policy: { access: 'authenticated', permission: 'ownership:transfer' } },
    schema: {
      tags: ['members'], summary: 'Hand the studio to another member: they become an owner, you become an admin',
      description: 'Owners only. Needs a login within `auth.reauthWindow` (15 minutes) or `current_password` (403 `reauth_required`). The two role changes land together.',
      body: TransferBody,
      response: { 200: Type.Object({ data: Type.Object({ new_owner: MemberSchema, previous_owner: MemberSchema }) }), ...ERRORS },
    },
  }, async (request) => {
    const p = principalOf(request);
    const studioId = activeStudioOf(request);
    const userId = memberId(request.body.user_id);
    await requireFreshAuth(deps, request, p, request.body.current_password);
    const { newOwner, previousOwner } = await transferOwnership(deps, p, studioId, userId);
    audit(deps, request, 'ownership_transferred', { userId: p.user.id, studioId, memberId: userId });
    return { data: { new_owner: toPublicMember(newOwner), previous_owner: toPublicMember(previousOwner) } };
  });
}
