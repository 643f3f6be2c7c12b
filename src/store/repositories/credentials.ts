// Credential tables: JWT signing keys, refresh tokens, application keys and personal access tokens.
import type { Kysely, Selectable } from 'kysely';
import type { AccessTokensTable, AppKeysTable, Database } from '../schema.ts';
import type { AccessTokenRecord, AccessTokenStore, AccessTokenWithUser, AppKeyRecord, AppKeyStore, JwtKeyStore, RefreshTokenStore } from '../types.ts';
import { toUser } from './users.ts';
import { preparedQuery } from '../prepared.ts';
import { mapUnique } from './errors.ts';

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function createJwtKeyStore(db: Kysely<Database>): JwtKeyStore {
  return {
    async listJwtKeys() {
      const rows = await db.selectFrom('jwt_keys').selectAll().orderBy('created_at', 'desc').execute();
      return rows.map((r) => ({ kid: r.kid, alg: r.alg, privateJwk: r.private_jwk, publicJwk: r.public_jwk, createdAt: Number(r.created_at), retiredAt: num(r.retired_at) }));
    },
    async insertJwtKey(k) {
      await db.insertInto('jwt_keys').values({ kid: k.kid, alg: k.alg, private_jwk: k.privateJwk, public_jwk: k.publicJwk, created_at: k.createdAt, retired_at: k.retiredAt }).execute();
    },
    async retireJwtKeys(exceptKid, now) {
      await db.updateTable('jwt_keys').set({ retired_at: now }).where('kid', '!=', exceptKid).where('retired_at', 'is', null).execute();
    },
    async deleteJwtKeysRetiredBefore(cutoff) {
      const r = await db.deleteFrom('jwt_keys').where('retired_at', 'is not', null).where('retired_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function createRefreshTokenStore(db: Kysely<Database>): RefreshTokenStore {
  return {
    async insertRefreshToken(t) {
      await db.insertInto('refresh_tokens').values({ id: t.id, session_id: t.sessionId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt }).execute();
    },
    async findRefreshToken(id) {
      const r = await db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? { id: r.id, sessionId: r.session_id, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), usedAt: num(r.used_at) } : null;
    },
    async markRefreshTokenUsed(id, now) {
      const r = await db.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

function toAppKey(r: Selectable<AppKeysTable>): AppKeyRecord {
  return {
    id: r.id, studioId: r.studio_id, createdBy: r.created_by, name: r.name, keyHash: r.key_hash, keyPrefix: r.key_prefix,
    createdAt: Number(r.created_at), lastUsedAt: num(r.last_used_at), revokedAt: num(r.revoked_at),
  };
}

export function createAppKeyStore(db: Kysely<Database>): AppKeyStore {
  return {
    async insertAppKey(k) {
      await mapUnique(db.insertInto('app_keys').values({
        id: k.id, studio_id: k.studioId, created_by: k.createdBy, name: k.name, key_hash: k.keyHash, key_prefix: k.keyPrefix,
        created_at: k.createdAt, last_used_at: k.lastUsedAt, revoked_at: k.revokedAt,
      }).execute(), 'An application key with that id or secret already exists');
    },
    async findAppKeyByHash(hash) {
      const r = await db.selectFrom('app_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
      return r ? toAppKey(r) : null;
    },
    async listAppKeys(studioId) {
      const rows = await db.selectFrom('app_keys').selectAll().where('studio_id', '=', studioId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toAppKey);
    },
    async revokeAppKey(studioId, id, now) {
      const r = await db.updateTable('app_keys').set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touchAppKey(id, now) {
      await db.updateTable('app_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },
  };
}

function parseScopes(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

function toAccessToken(r: Selectable<AccessTokensTable>): AccessTokenRecord {
  return {
    id: r.id, userId: r.user_id, studioId: r.studio_id, name: r.name, scopes: parseScopes(r.scopes), tokenHash: r.token_hash, tokenPrefix: r.token_prefix,
    createdAt: Number(r.created_at), expiresAt: num(r.expires_at), lastUsedAt: num(r.last_used_at), revokedAt: num(r.revoked_at),
  };
}

export function createAccessTokenStore(db: Kysely<Database>): AccessTokenStore {
  // Issue #17: a PAT request reads token, user and role in one statement; the role is that of the token's own studio.
  const withUser = preparedQuery(db, (hash: string) => db.selectFrom('access_tokens')
    .innerJoin('users', 'users.id', 'access_tokens.user_id')
    .leftJoin('memberships', (join) => join
      .onRef('memberships.user_id', '=', 'access_tokens.user_id')
      .onRef('memberships.studio_id', '=', 'access_tokens.studio_id'))
    .select([
      'access_tokens.id as token_id', 'access_tokens.studio_id as token_studio_id', 'access_tokens.name as token_name',
      'access_tokens.scopes as token_scopes', 'access_tokens.token_hash', 'access_tokens.token_prefix',
      'access_tokens.created_at as token_created_at', 'access_tokens.expires_at as token_expires_at',
      'access_tokens.last_used_at as token_last_used_at', 'access_tokens.revoked_at as token_revoked_at',
      'users.id', 'users.email', 'users.email_key', 'users.username', 'users.username_key', 'users.first_name', 'users.last_name',
      'users.password_hash', 'users.created_at', 'users.updated_at', 'users.disabled_at', 'users.locked_at',
      'memberships.role',
    ])
    .where('access_tokens.token_hash', '=', hash));
  return {
    async findAccessTokenWithUser(hash): Promise<AccessTokenWithUser | null> {
      const r = (await withUser(hash)).rows[0];
      if (!r) return null;
      const token = toAccessToken({
        id: r.token_id, user_id: r.id, studio_id: r.token_studio_id, name: r.token_name, scopes: r.token_scopes, token_hash: r.token_hash,
        token_prefix: r.token_prefix, created_at: r.token_created_at, expires_at: r.token_expires_at, last_used_at: r.token_last_used_at,
        revoked_at: r.token_revoked_at,
      });
      return { token, user: toUser(r), role: r.role ?? null };
    },
    async insertAccessToken(t) {
      await mapUnique(db.insertInto('access_tokens').values({
        id: t.id, user_id: t.userId, studio_id: t.studioId, name: t.name, scopes: JSON.stringify(t.scopes), token_hash: t.tokenHash,
        token_prefix: t.tokenPrefix, created_at: t.createdAt, expires_at: t.expiresAt, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt,
      }).execute(), 'An access token with that id or secret already exists');
    },
    async findAccessTokenByHash(hash) {
      const r = await db.selectFrom('access_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      return r ? toAccessToken(r) : null;
    },
    async listAccessTokens(userId) {
      const rows = await db.selectFrom('access_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toAccessToken);
    },
    async revokeAccessToken(userId, id, now) {
      const r = await db.updateTable('access_tokens').set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touchAccessToken(id, now) {
      await db.updateTable('access_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },
  };
}
