// Studio API: invitations (create, list pending, withdraw) for owners and admins, and accepting one with its link.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { checkCrossSite, principalOf } from '../../http/plugins/policy.ts';
import { originPolicy } from '../../http/request-checks.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { AcceptBody, AcceptedResponse, CreatedInvitationSchema, InvitationBody, InvitationParams, InvitationSchema, toPublicInvitation } from './schemas.ts';
import { acceptAsUser, acceptWithNewAccount, createInvitation, listInvitations, revokeInvitation, throttleAccept } from './service.ts';

const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const BASE = '/api/v1/invitations';
const MANAGE = { policy: { access: 'authenticated', permission: 'members:manage' } } as const;

export function registerInvitationRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const origins = originPolicy([...deps.config.csrf.trustedOrigins, ...deps.config.cors.origins], deps.config.server.publicUrl);

  app.post(BASE, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'Invite someone to the active studio with a role (the link is in this response only)',
      description: `The link (\`/invite/{token}\`) works once, for \`invitations.ttl\` seconds (7 days by default); only the SHA-256 of its token is stored. With \`email\`, only that address may accept, and the link is mailed to it (through the outbox, in the same transaction). Only an owner invites an owner (403 otherwise).`,
      body: InvitationBody, response: { 201: Type.Object({ data: CreatedInvitationSchema }), ...ERRORS },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const issued = await createInvitation(deps, request, p, activeStudioOf(request), { role: request.body.role, email: request.body.email ?? null });
    return reply.code(201).send({ data: { ...toPublicInvitation(issued.invitation), link: issued.link, mailed: issued.mailed } });
  });

  app.get(BASE, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'The active studio\'s pending invitations (never their links)',
      response: { 200: Type.Object({ data: Type.Array(InvitationSchema) }), ...ERRORS },
    },
  }, async (request) => ({ data: (await listInvitations(deps, activeStudioOf(request))).map(toPublicInvitation) }));

  app.delete(`${BASE}/:id`, {
    config: MANAGE,
    schema: {
      tags: ['members'], summary: 'Withdraw a pending invitation: its link stops working at once',
      params: InvitationParams, response: { 204: Type.Null(), ...ERRORS },
    },
  }, async (request, reply) => {
    await revokeInvitation(deps, request, principalOf(request), activeStudioOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/auth/invitations/accept', {
    bodyLimit: deps.config.server.authBodyLimit,
    config: { policy: { access: 'optional' } },
    schema: {
      tags: ['auth'], summary: 'Accept an invitation: as the signed-in user, or with a new account (`account`)',
      description: 'Signed in (any login credential; a cookie session needs the CSRF header), the user joins the studio with the invitation\'s role; `switch_studio` also moves the session there. Not signed in, `account` creates a user under the password policy and starts a cookie session in the studio (201). An invitation bound to an email is accepted only under that address (403 `invitation_email_mismatch`). A link that is unknown is 400 `invitation_invalid`; used, withdrawn or expired, 410 `invitation_used`, `invitation_revoked`, `invitation_expired`. A taken email or username is 409 and leaves the link usable. Every attempt counts against the client address (`invitations.acceptPerAddress` per `invitations.acceptWindow`; 429 past it).',
      body: AcceptBody, response: { 200: AcceptedResponse, 201: AcceptedResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    await throttleAccept(deps, request);
    const p = request.principal;
    const { token, account } = request.body;
    if (account !== undefined) {
      if (p?.kind === 'user') throw new AppError('bad_request', 'You are signed in: accept as this account (leave out "account"), or log out first');
      // It starts a session: a foreign page must not sign a browser in as an account of the attacker's (login CSRF).
      checkCrossSite(request, origins);
      return reply.code(201).send(await acceptWithNewAccount(deps, request, reply, token, account));
    }
    if (p?.kind !== 'user') throw new AppError('authentication_required', 'Log in to accept as your account, or send "account" to create one');
    return acceptAsUser(deps, request, reply, p, token, { switchStudio: request.body.switch_studio === true });
  });
}
