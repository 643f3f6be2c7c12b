// Personal access tokens (`lbx_pat_…`) and application keys (`lbx_app_…`): shown once, stored as SHA-256.
import type { AccessTokenRecord, AppKeyRecord, Store } from '../store/types.ts';
import type { Clock } from './clock.ts';
import { generateId, generateSecret, isWellFormedSecret, sha256 } from './tokens.ts';

export const PAT_PREFIX = 'lbx_pat_';
export const APP_KEY_PREFIX = 'lbx_app_';
const TOUCH_INTERVAL_MS = 60_000;

function secretPart(value: string, prefix: string): string | null {
  if (!value.startsWith(prefix)) return null;
  const secret = value.slice(prefix.length);
  return isWellFormedSecret(secret) ? secret : null;
}

export async function createAccessToken(
  store: Pick<Store, 'accessTokens'>, clock: Clock,
  input: { userId: string; studioId: string | null; name: string; scopes: string[]; expiresAt: number | null },
): Promise<{ record: AccessTokenRecord; token: string }> {
  const token = PAT_PREFIX + generateSecret();
  const record: AccessTokenRecord = {
    id: generateId('pat'), userId: input.userId, studioId: input.studioId, name: input.name, scopes: [...new Set(input.scopes)].sort(),
    tokenHash: sha256(token), tokenPrefix: token.slice(0, PAT_PREFIX.length + 4), createdAt: clock.now(),
    expiresAt: input.expiresAt, lastUsedAt: null, revokedAt: null,
  };
  await store.accessTokens.insertAccessToken(record);
  return { record, token };
}

/** The live token record, or null for malformed, unknown, revoked or expired tokens. Records use (throttled). */
export async function verifyAccessToken(store: Pick<Store, 'accessTokens'>, clock: Clock, token: string): Promise<AccessTokenRecord | null> {
  if (secretPart(token, PAT_PREFIX) === null) return null;
  const record = await store.accessTokens.findAccessTokenByHash(sha256(token));
  const now = clock.now();
  if (!record || record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now)) return null;
  if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_INTERVAL_MS) await store.accessTokens.touchAccessToken(record.id, now);
  return record;
}

export async function createAppKey(
  store: Pick<Store, 'appKeys'>, clock: Clock, input: { studioId: string; createdBy: string; name: string },
): Promise<{ record: AppKeyRecord; key: string }> {
  const key = APP_KEY_PREFIX + generateSecret();
  const record: AppKeyRecord = {
    id: generateId('ak'), studioId: input.studioId, createdBy: input.createdBy, name: input.name, keyHash: sha256(key),
    keyPrefix: key.slice(0, APP_KEY_PREFIX.length + 4), createdAt: clock.now(), lastUsedAt: null, revokedAt: null,
  };
  await store.appKeys.insertAppKey(record);
  return { record, key };
}

export async function verifyAppKey(store: Pick<Store, 'appKeys'>, clock: Clock, key: string): Promise<AppKeyRecord | null> {
  if (secretPart(key, APP_KEY_PREFIX) === null) return null;
  const record = await store.appKeys.findAppKeyByHash(sha256(key));
  if (!record || record.revokedAt !== null) return null;
  const now = clock.now();
  if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_INTERVAL_MS) await store.appKeys.touchAppKey(record.id, now);
  return record;
}
