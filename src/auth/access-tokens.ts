// Personal access tokens (`lbx_pat_…`) and application keys (`lbx_app_…`): shown once, stored as SHA-256.
import type { AccessTokenRecord, AccessTokenWithUser, AppKeyRecord, Store } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { generateId, generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import { sha256 } from './tokens.ts';

export const PAT_PREFIX = 'lbx_pat_';
export const APP_KEY_PREFIX = 'lbx_app_';
const TOUCH_INTERVAL_MS = 60_000;

/** The stored hash of a well-formed `prefix…` credential; null for anything malformed (never looked up). */
export function credentialHash(value: string, prefix: string): string | null {
  return value.startsWith(prefix) && isWellFormedSecret(value.slice(prefix.length)) ? sha256(value) : null;
}

/** invalid: revoked or expired; touch: usable, and its last-used time is due a (throttled) write; fresh: usable. */
export function credentialState(record: { revokedAt: number | null; lastUsedAt: number | null; expiresAt?: number | null }, now: number): 'invalid' | 'touch' | 'fresh' {
  if (record.revokedAt !== null || (record.expiresAt !== undefined && record.expiresAt !== null && record.expiresAt <= now)) return 'invalid';
  return record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_INTERVAL_MS ? 'touch' : 'fresh';
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

/**
 * The live token with its user and role (one store lookup), or null for malformed, unknown, revoked or expired
 * tokens. Records use (throttled). Whether the user may still act is the caller's to judge.
 */
export async function verifyAccessToken(store: Pick<Store, 'accessTokens'>, clock: Clock, token: string): Promise<AccessTokenWithUser | null> {
  const hash = credentialHash(token, PAT_PREFIX);
  if (hash === null) return null;
  const found = await store.accessTokens.findAccessTokenWithUser(hash);
  const now = clock.now();
  const state = found ? credentialState(found.token, now) : 'invalid';
  if (!found || state === 'invalid') return null;
  if (state === 'touch') await store.accessTokens.touchAccessToken(found.token.id, now);
  return found;
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
  const hash = credentialHash(key, APP_KEY_PREFIX);
  if (hash === null) return null;
  const record = await store.appKeys.findAppKeyByHash(hash);
  const now = clock.now();
  const state = record ? credentialState(record, now) : 'invalid';
  if (!record || state === 'invalid') return null;
  if (state === 'touch') await store.appKeys.touchAppKey(record.id, now);
  return record;
}
