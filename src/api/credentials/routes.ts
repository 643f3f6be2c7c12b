// Personal access tokens (per user) and application keys (per studio): create (secret shown once), list, revoke.
import Type, { type Static } from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import { createAccessToken, createAppKey } from '../../auth/access-tokens.ts';
import { PERMISSIONS, type Permission } from '../../auth/permissions.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { AccessTokenRecord, AppKeyRecord } from '../../store/types.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema, PasswordField } from '../../http/schemas.ts';
import { principalOf } from '../../http/plugins/policy.ts';
import { requireFreshAuth as requireRecentLogin } from '../../http/reauth.ts';
import { audit } from '../../http/audit.ts';

const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };
const SCOPES = Object.keys(PERMISSIONS) as Permission[];
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const AccessToken = Type.Object({
  id: Type.String(), name: Type.String(), scopes: Type.Array(Type.String()), studio_id: Type.Union([Type.String(), Type.Null()]),
  token_prefix: Type.String(), created_at: Type.String(), expires_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()]), revoked: Type.Boolean(),
  token: Type.Optional(Type.String({ description: 'The secret: shown only in the creation response' })),
});

const AppKey = Type.Object({
  id: Type.String(), name: Type.String(), key_prefix: Type.String(), created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]), revoked: Type.Boolean(),
  key: Type.Optional(Type.String({ description: 'The secret: shown only in the creation response' })),
});

function toAccessToken(r: AccessTokenRecord): Static<typeof AccessToken> {
  return {
    id: r.id, name: r.name, scopes: r.scopes, studio_id: r.studioId, token_prefix: r.tokenPrefix, created_at: new Date(r.createdAt).toISOString(),
    expires_at: iso(r.expiresAt), last_used_at: iso(r.lastUsedAt), revoked: r.revokedAt !== null,
  };
}

function toAppKey(r: AppKeyRecord): Static<typeof AppKey> {
  return { id: r.id, name: r.name, key_prefix: r.keyPrefix, created_at: new Date(r.createdAt).toISOString(), last_used_at: iso(r.lastUsedAt), revoked: r.revokedAt !== null };
}

/**
 * Minting a credential needs a recent password proof: a login within the re-auth window, or current_password
 * now (a stolen long-lived session cannot mint a token that outlives it). A PAT never mints credentials.
 */
async function requireFreshAuth(deps: AppDeps, request: FastifyRequest, p: UserPrincipal, currentPassword: string | undefined): Promise<void> {
  if (p.scheme === 'pat') throw new AppError('insufficient_scope', 'Personal access tokens cannot create credentials');
  await requireRecentLogin(deps, request, p, currentPassword);
}

export function registerCredentialRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

  app.post('/api/v1/access-tokens', {
    config: { policy: { access: 'authenticated', permission: 'access_tokens:manage' } },
    schema: {
      tags: ['credentials'], summary: 'Create a personal access token (the secret is in this response only)',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        scopes: Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: SCOPES.length, uniqueItems: true }),
        expires_at: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date-time' })),
        current_password: Type.Optional(PasswordField),
      }),
      response: { 201: Type.Object({ data: AccessToken }), ...Errors },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    await requireFreshAuth(deps, request, p, request.body.current_password);
    let expiresAt: number | null = null;
    if (request.body.expires_at !== undefined) {
      expiresAt = Date.parse(request.body.expires_at);
      if (!Number.isFinite(expiresAt) || expiresAt <= deps.clock.now()) {
        throw new AppError('validation_failed', undefined, { details: { expires_at: 'must be a future date-time' } });
      }
    }
    const { record, token } = await createAccessToken(deps.store, deps.clock, { userId: p.user.id, studioId: p.studioId, name: request.body.name, scopes: request.body.scopes, expiresAt });
    audit(deps, request, 'access_token_created', { userId: p.user.id, tokenId: record.id });
    return reply.code(201).send({ data: { ...toAccessToken(record), token } });
  });

  app.get('/api/v1/access-tokens', {
    config: { policy: { access: 'authenticated', permission: 'access_tokens:manage' } },
    schema: { tags: ['credentials'], summary: 'Your personal access tokens (never their secrets)', response: { 200: Type.Object({ data: Type.Array(AccessToken) }), ...Errors } },
  }, async (request) => {
    const p = principalOf(request);
    return { data: (await deps.store.accessTokens.listAccessTokens(p.user.id)).map(toAccessToken) };
  });

  app.delete('/api/v1/access-tokens/:id', {
    config: { policy: { access: 'authenticated', permission: 'access_tokens:manage' } },
    schema: { tags: ['credentials'], summary: 'Revoke one of your personal access tokens (effective at once)', params: IdParams, response: { 204: Type.Null(), ...Errors } },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (!isIdOf('pat', request.params.id)) throw new AppError('invalid_id_format');
    if (!(await deps.store.accessTokens.revokeAccessToken(p.user.id, request.params.id, deps.clock.now()))) throw new AppError('not_found');
    audit(deps, request, 'access_token_revoked', { userId: p.user.id, tokenId: request.params.id });
    return reply.code(204).send(null);
  });

  app.post('/api/v1/app-keys', {
    config: { policy: { access: 'authenticated', permission: 'app_keys:manage' } },
    schema: {
      tags: ['credentials'], summary: 'Register an application and get its key (the secret is in this response only)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), current_password: Type.Optional(PasswordField) }),
      response: { 201: Type.Object({ data: AppKey }), ...Errors },
    },
  }, async (request, reply) => {
    const p = principalOf(request);
    await requireFreshAuth(deps, request, p, request.body.current_password);
    const { record, key } = await createAppKey(deps.store, deps.clock, { studioId: p.studioId as string, createdBy: p.user.id, name: request.body.name });
    audit(deps, request, 'app_key_created', { userId: p.user.id, keyId: record.id });
    return reply.code(201).send({ data: { ...toAppKey(record), key } });
  });

  app.get('/api/v1/app-keys', {
    config: { policy: { access: 'authenticated', permission: 'app_keys:manage' } },
    schema: { tags: ['credentials'], summary: "The studio's application keys (never their secrets)", response: { 200: Type.Object({ data: Type.Array(AppKey) }), ...Errors } },
  }, async (request) => {
    const p = principalOf(request);
    return { data: (await deps.store.appKeys.listAppKeys(p.studioId as string)).map(toAppKey) };
  });

  app.delete('/api/v1/app-keys/:id', {
    config: { policy: { access: 'authenticated', permission: 'app_keys:manage' } },
    schema: { tags: ['credentials'], summary: 'Revoke an application key (effective at once)', params: IdParams, response: { 204: Type.Null(), ...Errors } },
  }, async (request, reply) => {
    const p = principalOf(request);
    if (!isIdOf('ak', request.params.id)) throw new AppError('invalid_id_format');
    if (!(await deps.store.appKeys.revokeAppKey(p.studioId as string, request.params.id, deps.clock.now()))) throw new AppError('not_found');
    audit(deps, request, 'app_key_revoked', { userId: p.user.id, keyId: request.params.id });
    return reply.code(204).send(null);
  });
}
