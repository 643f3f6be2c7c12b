// The JSON authentication API: login, logout, who am I, and the CSRF token endpoint.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { issueCSRFToken } from '../../auth/csrf.ts';
import type { AppDeps } from '../deps.ts';
import type { CookieWriter } from '../cookies.ts';
import { toAuthInfo, toPublicStudio, toPublicUser } from '../encoders.ts';
import { ErrorSchema, LoginBody, LoginResponse, StudioSchema, UserSchema } from '../schemas.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { endCookieSession, loginIdentifier, passwordLogin, startCookieSession } from '../login.ts';

export function registerAuthRoutes(parent: FastifyInstance, deps: AppDeps, cookies: CookieWriter): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;

  app.post('/api/auth/login', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['json', 'form'] },
    schema: {
      tags: ['auth'],
      summary: 'Log in with email or username and password; sets the session and CSRF cookies',
      body: LoginBody,
      response: { 201: LoginResponse, '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request, reply) => {
    const user = await passwordLogin(deps, request, loginIdentifier(request.body), request.body.password, 'password');
    const result = await startCookieSession(deps, cookies, request, reply, user);
    return reply.code(201).send(result);
  });

  app.post('/api/auth/logout', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['auth'],
      summary: 'End the current session server-side and clear its cookies',
      response: { 200: Type.Object({ logged_out: Type.Boolean() }), '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request, reply) => {
    await endCookieSession(deps, cookies, request, reply);
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
        '4xx': ErrorSchema,
        '5xx': ErrorSchema,
      },
    },
  }, async (request) => {
    const p = principalOf(request);
    const memberships = p.studioId === null ? [] : await deps.store.studios.listUserStudios(p.user.id);
    const active = memberships.find((m) => m.studio.id === p.studioId);
    return { user: toPublicUser(p.user), studio: active ? toPublicStudio(active) : null, auth: toAuthInfo(p) };
  });

  app.get('/api/csrf', {
    config: { policy: { access: 'optional' } },
    schema: {
      tags: ['auth'],
      summary: 'A CSRF token (bound to the session when there is one); also set as the csrftoken cookie',
      response: { 200: Type.Object({ csrf_token: Type.String() }), '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request, reply) => {
    const token = issueCSRFToken(deps.csrfKey, request.principal?.sessionId ?? null);
    cookies.setCSRF(request, reply, token);
    return { csrf_token: token };
  });
}
