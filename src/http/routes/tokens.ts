// JWT endpoints (LibrePhotos style): obtain an access/refresh pair, rotate it, and the public signing keys.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../deps.ts';
import { toPublicStudio } from '../encoders.ts';
import { ErrorSchema, IdentifierField, PasswordField, StudioSchema } from '../schemas.ts';
import { auditTo, deviceOf, jarOf, loginIdentifier, passwordLogin } from '../login.ts';
import { noticeSignIn } from '../sign-in-alerts.ts';

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

const TokenPair = Type.Object({
  access: Type.String({ description: 'EdDSA-signed access token; send as Authorization: Bearer' }),
  refresh: Type.String({ description: 'Single-use refresh token; each refresh returns a new one' }),
  csrf_token: Type.String({ description: 'CSRF token for unsafe requests authenticated by the jwt cookie' }),
  studios: Type.Optional(Type.Array(StudioSchema)),
});

export function registerTokenRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;

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
    await noticeSignIn(deps, request, user);
    const memberships = await deps.store.studios.listUserStudios(user.id);
    const pair = await deps.sessions.obtainTokenPair({ userId: user.id, studioId: memberships[0]?.studio.id ?? null, device: deviceOf(request) });
    const csrf = deps.sessions.setJWTCookies(jarOf(deps, request, reply), pair);
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
    const pair = await deps.sessions.rotateTokenPair(request.body.refresh, auditTo(deps, request));
    const csrf = deps.sessions.setJWTCookies(jarOf(deps, request, reply), pair);
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
