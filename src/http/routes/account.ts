// The account API: your sessions and credentials (src/http/account.ts does the work; the security page shares it).
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import { ErrorSchema } from '../schemas.ts';
import { principalOf } from '../plugins/policy.ts';
import { audit } from '../audit.ts';
import { Credential, endCredential, listCredentials, revokeOtherCredentials } from '../account.ts';
import { UserSchema } from '../schemas.ts';
import { toPublicUser } from '../encoders.ts';
import { changeSignInAlerts } from '../sign-in-alerts.ts';
import { AppError } from '../../errors.ts';

/** A name as stored: trimmed, NFC, no control or bidirectional-override characters (a 422 names the field). */
function cleanName(raw: string, field: string): string {
  const name = raw.normalize('NFC').trim();
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u.test(name)) throw new AppError('validation_failed', undefined, { details: { [field]: 'must not contain control characters' } });
  return name;
}

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

const AccountResponse = Type.Object({
  data: Type.Object({
    ...UserSchema.properties,
    notify_new_sign_in: Type.Boolean({ description: 'Mail me when I sign in with my password from a browser and network my account has not used in 90 days' }),
  }),
});

export function registerAccountRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/account', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: { tags: ['account'], summary: 'Your account and its settings', response: { 200: AccountResponse, ...Errors } },
  }, async (request) => {
    const p = principalOf(request);
    return { data: { ...toPublicUser(p.user), notify_new_sign_in: await deps.store.signIns.findSignInAlerts(p.user.id) } };
  });

  app.patch('/api/v1/account', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['account'],
      summary: 'Change your account: `first_name` and `last_name`, and `notify_new_sign_in` (the new-sign-in alert, off by default)',
      description: 'With the alert on, a password sign-in from a browser family and operating system on a network (IPv4 /24, IPv6 /48) none of your sessions or sign-ins of the last 90 days used mails you the time, the device and the network. Never for an account\'s first sign-in. Personal access tokens cannot change it.',
      body: Type.Object({
        first_name: Type.Optional(Type.String({ maxLength: 200, description: 'Shown to your studio; may be empty' })),
        last_name: Type.Optional(Type.String({ maxLength: 200 })),
        notify_new_sign_in: Type.Optional(Type.Boolean()),
      }, { examples: [{ first_name: 'Mara', last_name: 'Okafor' }, { notify_new_sign_in: true }] }),
      response: { 200: AccountResponse, ...Errors },
    },
  }, async (request) => {
    const p = principalOf(request);
    const body = request.body;
    let user = p.user;
    if (body.first_name !== undefined || body.last_name !== undefined) {
      if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Personal access tokens cannot change the account');
      const names = { firstName: cleanName(body.first_name ?? user.firstName, 'first_name'), lastName: cleanName(body.last_name ?? user.lastName, 'last_name') };
      await deps.store.users.updateUserNames(user.id, names, deps.clock.now());
      user = { ...user, ...names };
      audit(deps, request, 'account_names_changed', { userId: user.id });
    }
    if (body.notify_new_sign_in !== undefined) await changeSignInAlerts(deps, request, p, body.notify_new_sign_in);
    return { data: { ...toPublicUser(user), notify_new_sign_in: await deps.store.signIns.findSignInAlerts(user.id) } };
  });

  app.get('/api/v1/account/sessions', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['account'],
      summary: 'Your sessions and personal access tokens, with where each was started and which one is this request\'s',
      description: 'Live credentials only: expired sessions and revoked or expired tokens are left out. Secrets are never shown.',
      response: { 200: Type.Object({ data: Type.Array(Credential) }), ...Errors },
    },
  }, async (request) => ({ data: await listCredentials(deps, principalOf(request)) }));

  app.delete('/api/v1/account/sessions/:id', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['account'],
      summary: 'End one of your sessions or personal access tokens (effective at once, on every instance)',
      description: 'Ending the current session signs this client out. Someone else\'s id is not found.',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      response: { 204: Type.Null(), ...Errors },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const kind = await endCredential(deps, p, request.params.id);
    audit(deps, request, kind === 'session' ? 'session_revoked' : 'access_token_revoked', { userId: p.user.id, credential: request.params.id });
    return reply.code(204).send(null);
  });

  app.post('/api/v1/account/sessions/revoke-others', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['account'],
      summary: 'Sign out everywhere else: end every session but this one',
      description: 'Personal access tokens are kept unless `include_personal_access_tokens` is true (scripts often run on them).',
      body: Type.Optional(Type.Object({ include_personal_access_tokens: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false })),
      response: { 200: Type.Object({ sessions_ended: Type.Integer(), tokens_revoked: Type.Integer() }), ...Errors },
    },
  }, async (request) => {
    const p = principalOf(request);
    const { sessionsEnded, tokensRevoked } = await revokeOtherCredentials(deps, p, request.body?.include_personal_access_tokens === true);
    audit(deps, request, 'sessions_revoked_others', { userId: p.user.id, sessionsEnded, tokensRevoked });
    return { sessions_ended: sessionsEnded, tokens_revoked: tokensRevoked };
  });
}
