// The password-reset API: ask for a link (one neutral answer for every address) and complete it with a new password.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import { ErrorSchema, IdentifierField, PasswordField } from '../schemas.ts';
import { RESET_REQUESTED_MESSAGE, finishPasswordReset, requestPasswordReset } from '../password-reset.ts';

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

export const ResetRequestBody = Type.Object({ email: IdentifierField });
export const ResetCompleteBody = Type.Object({
  token: Type.String({ maxLength: 200, description: 'The token from the link\'s fragment (`#token=…`)' }),
  password: PasswordField,
  revoke_personal_access_tokens: Type.Optional(Type.Boolean({ default: false, description: 'Also revoke every personal access token of the account' })),
});

export function registerPasswordResetRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const bodyLimit = deps.config.server.authBodyLimit;

  app.post('/api/auth/password-reset', {
    bodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true } },
    schema: {
      tags: ['auth'],
      summary: 'Ask for a password-reset link by email',
      description: 'Always 202 with the same body, whether or not an account has the address (or is disabled); the lookup and the mail happen after the answer. An active account gets a link to `/password-reset/complete#token=…` that works once, for `passwordReset.tokenTtl` seconds (30 minutes); a newer link replaces an older unused one. Throttled per address typed and per client address: 429 with Retry-After.',
      body: ResetRequestBody,
      response: { 202: Type.Object({ message: Type.String() }), ...Errors },
    },
  }, async (request, reply) => {
    await requestPasswordReset(deps, request, reply, request.body.email);
    return reply.code(202).send({ message: RESET_REQUESTED_MESSAGE });
  });

  app.post('/api/auth/password-reset/complete', {
    bodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true } },
    schema: {
      tags: ['auth'],
      summary: 'Set a new password with the token from a reset link; every session of the account ends',
      description: 'An unknown, expired or already used token is 400 `reset_link_invalid` (one answer for all three); a password the policy refuses is 400 `weak_password` with details, and the link keeps working. On success every cookie session, token-mode token and JWT family of the account ends, a hard lock after failed logins is cleared, and personal access tokens keep working unless `revoke_personal_access_tokens` is true (as with a password change). No session is started: log in with the new password.',
      body: ResetCompleteBody,
      response: { 200: Type.Object({ password_reset: Type.Boolean(), personal_access_tokens_revoked: Type.Integer() }), ...Errors },
    },
  }, async (request) => {
    const done = await finishPasswordReset(deps, request, request.body.token, request.body.password, { revokeAccessTokens: request.body.revoke_personal_access_tokens === true });
    return { password_reset: true, personal_access_tokens_revoked: done.tokensRevoked };
  });
}
