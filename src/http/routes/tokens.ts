// JWT endpoints (LibrePhotos style): obtain an access/refresh pair, rotate it, and the public signing keys.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { issueCSRFToken } from '../../auth/csrf.ts';
import { obtainTokenPair, rotateTokenPair } from '../../auth/jwt-sessions.ts';
import type { AppDeps } from '../deps.ts';
import type { CookieWriter } from '../cookies.ts';
import { toPublicStudio } from '../encoders.ts';
import { ErrorSchema, IdentifierField, PasswordField, StudioSchema } from '../schemas.ts';
import { loginIdentifier, passwordLogin } from '../login.ts';
import { jwtSessionDeps } from '../jwt-login.ts';

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

const TokenPair = Type.Object({
  access: Type.String({ description: 'EdDSA-signed access token; send as Authorization: Bearer' }),
  refresh: Type.String({ description: 'Single-use refresh token; each refresh returns a new one' }),
  csrf_token: Type.String({ description: 'CSRF token for unsafe requests authenticated by the jwt cookie' }),
  studios: Type.Optional(Type.Array(StudioSchema)),
});

export function registerTokenRoutes(parent: FastifyInstance, deps: AppDeps, cookies: CookieWriter): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;
  const cookieMaxAge = (expiresAt: number): number => Math.max(0, Math.floor((expiresAt - deps.clock.now()) / 1000));

  app.post('/api/auth/token/obtain', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['json', 'form'] },
    schema: {
      tags: ['auth'],
      summary: 'Obtain a JWT access token and a refresh token (also sets the jwt cookie)',
      body: Type.Object({ email: Type.Optional(IdentifierField), username: Type.Optional(IdentifierField), password: PasswordField }),
      response: { 200: TokenPair, ...Errors },
    },
  }, async (request, reply) => {
    const user = await passwordLogin(deps, request, loginIdentifier(request.body), request.body.password, 'jwt');
    const memberships = await deps.store.studios.listUserStudios(user.id);
    const pair = await obtainTokenPair(jwtSessionDeps(deps, request), user.id, memberships[0]?.studio.id ?? null);
    const csrf = issueCSRFToken(deps.csrfKey, pair.sessionId);
    cookies.setJWT(request, reply, pair.access, cookieMaxAge(pair.accessExpiresAt));
    cookies.setCSRF(request, reply, csrf);
    return { access: pair.access, refresh: pair.refresh, csrf_token: csrf, studios: memberships.map(toPublicStudio) };
  });

  app.post('/api/auth/token/refresh', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['json', 'form'] },
    schema: {
      tags: ['auth'],
      summary: 'Exchange a refresh token for a new access token and a new refresh token (rotation)',
      description: 'A refresh token works once. Presenting one that was already used revokes its whole token family.',
      body: Type.Object({ refresh: Type.String({ minLength: 1, maxLength: 512 }) }),
      response: { 200: TokenPair, ...Errors },
    },
  }, async (request, reply) => {
    const pair = await rotateTokenPair(jwtSessionDeps(deps, request), request.body.refresh);
    const csrf = issueCSRFToken(deps.csrfKey, pair.sessionId);
    cookies.setJWT(request, reply, pair.access, cookieMaxAge(pair.accessExpiresAt));
    cookies.setCSRF(request, reply, csrf);
    return { access: pair.access, refresh: pair.refresh, csrf_token: csrf };
  });

  app.get('/.well-known/jwks.json', {
    config: { policy: { access: 'public' } },
    schema: {
      tags: ['auth'],
      summary: 'Public keys that verify Lightbox access tokens (JWKS)',
      response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return deps.keyring.jwks();
  });
}
