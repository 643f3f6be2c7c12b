// The JSON authentication API: login (cookie or token mode), logout, who am I, studio switching, the CSRF token.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { AppDeps } from '../deps.ts';
import { toAuthInfo, toPublicStudio, toPublicUser } from '../encoders.ts';
import { ErrorSchema, LoginBody, LoginResponse, StudioSchema, TokenLoginResponse, UserSchema } from '../schemas.ts';
import { principalOf } from '../plugins/policy.ts';
import { endSession, jarOf, loginIdentifier, passwordLogin, startCookieSession, startTokenSession } from '../login.ts';
import { switchStudio } from '../studio-switch.ts';
import { noticeSignIn } from '../sign-in-alerts.ts';

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

export function registerAuthRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;

  app.post('/api/auth/login', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['json', 'form'] },
    schema: {
      tags: ['auth'],
      summary: 'Log in with email or username and password',
      description: 'Cookie mode (default): 201 with the sessionid and csrftoken cookies. Token mode (`"mode": "token"`): 200 with a token for the X-Auth-Token header, no cookie.',
      body: LoginBody,
      response: { 200: TokenLoginResponse, 201: LoginResponse, ...Errors },
    },
  }, async (request, reply) => {
    const user = await passwordLogin(deps, request, loginIdentifier(request.body), request.body.password, request.body.mode === 'token' ? 'token' : 'password');
    await noticeSignIn(deps, request, user);
    if (request.body.mode === 'token') return reply.code(200).send(await startTokenSession(deps, request, user));
    return reply.code(201).send(await startCookieSession(deps, request, reply, user));
  });

  app.post('/api/auth/logout', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['auth'],
      summary: 'End the current session, token or JWT family server-side and clear its cookies',
      response: { 200: Type.Object({ logged_out: Type.Boolean() }), ...Errors },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (p.scheme === 'pat' || p.scheme === 'basic') {
      throw new AppError('bad_request', p.scheme === 'pat'
        ? 'Personal access tokens are revoked with DELETE /api/v1/access-tokens/{id}, not logged out'
        : 'HTTP Basic has no session to end');
    }
    await endSession(deps, request, reply);
    return { logged_out: true };
  });

  app.get('/api/auth/me', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user, the active studio and how the request authenticated',
      response: {
        200: Type.Object({
          user: UserSchema,
          studio: Type.Union([StudioSchema, Type.Null()]),
          auth: Type.Object({ scheme: Type.String(), studio: Type.Union([Type.String(), Type.Null()]), scopes: Type.Union([Type.Array(Type.String()), Type.Null()]) }),
        }),
        ...Errors,
      },
    },
  }, async (request) => {
    const p = principalOf(request);
    const memberships = p.studioId === null ? [] : await deps.store.studios.listUserStudios(p.user.id);
    const active = memberships.find((m) => m.studio.id === p.studioId);
    return { user: toPublicUser(p.user), studio: active ? toPublicStudio(active) : null, auth: toAuthInfo(p) };
  });

  app.post('/api/auth/studios/:studio_id/login', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['auth'],
      summary: 'Authenticate into another of your studios (one studio at a time)',
      description: 'A cookie session is replaced by a new one (new cookie, new CSRF token); a token-mode token keeps its value; a JWT login gets a new access/refresh pair.',
      params: Type.Object({ studio_id: Type.String({ maxLength: 64 }) }),
      response: {
        200: Type.Object({
          studio: StudioSchema,
          csrf_token: Type.Optional(Type.String()),
          access: Type.Optional(Type.String()),
          refresh: Type.Optional(Type.String()),
        }),
        ...Errors,
      },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    const studioId = request.params.studio_id;
    // One answer for "no such studio" and "not a member": no existence oracle (R38).
    const role = isIdOf('st', studioId) ? await deps.store.studios.findRole(p.user.id, studioId) : null;
    if (role === null) {
      request.log.info({ event: 'studio_switch_denied', userId: p.user.id, studioId }, 'security event');
      throw new AppError('studio_access_denied');
    }
    return switchStudio(deps, request, reply, p, studioId);
  });

  app.get('/api/csrf', {
    config: { policy: { access: 'optional' } },
    schema: {
      tags: ['auth'],
      summary: 'A CSRF token (bound to the session when there is one); also set as the csrftoken cookie',
      response: { 200: Type.Object({ csrf_token: Type.String() }), ...Errors },
    },
  }, async (request, reply) => {
    const p = request.principal;
    return { csrf_token: deps.sessions.issueCSRFCookie(jarOf(deps, request, reply), p?.kind === 'user' ? (p.csrfBindings[0] ?? null) : null) };
  });
}
