// Changing your own password: needs the current one, ends every session, and starts a fresh one for a browser.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import { setPassword } from '../../auth/accounts.ts';
import type { AppDeps } from '../deps.ts';
import { ErrorSchema, PasswordField } from '../schemas.ts';
import { principalOf } from '../plugins/policy.ts';
import { deviceOf, jarOf, loginDeps, passwordLogin } from '../login.ts';
import { audit } from '../audit.ts';

export function registerPasswordRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/api/auth/password', {
    bodyLimit: deps.config.server.authBodyLimit,
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['auth'],
      summary: 'Change your password; every session, token-mode token and JWT family of yours ends',
      description: 'A cookie session gets a new session and CSRF token in the response; other clients log in again. Personal access tokens keep working unless `revoke_personal_access_tokens` is true.',
      body: Type.Object({
        current_password: PasswordField, new_password: PasswordField,
        revoke_personal_access_tokens: Type.Optional(Type.Boolean({ default: false, description: 'Also revoke every personal access token of yours' })),
      }),
      response: { 200: Type.Object({ password_changed: Type.Boolean(), csrf_token: Type.Optional(Type.String()) }), '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Personal access tokens cannot change the password');
    // Same checks and throttling as a login: a wrong current password counts as a failed attempt.
    const user = await passwordLogin(deps, request, p.user.email, request.body.current_password, 'password_change');
    const { tokensRevoked } = await setPassword(loginDeps(deps, request), user, request.body.new_password, { revokeAccessTokens: request.body.revoke_personal_access_tokens === true });
    audit(deps, request, 'password_changed', { userId: user.id, tokensRevoked });
    // The browser keeps working, in the studio it was in, on a brand-new session (the password was just proved).
    const jar = jarOf(deps, request, reply);
    if (p.scheme === 'session') return { password_changed: true, csrf_token: (await deps.sessions.startCookieSession(jar, { userId: user.id, studioId: p.studioId, device: deviceOf(request) })).csrfToken };
    if (p.ambient) deps.sessions.clearStudioCookies(jar);
    return { password_changed: true };
  });
}
