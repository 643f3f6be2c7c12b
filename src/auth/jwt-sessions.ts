// JWT logins: each obtain starts a server-side session (the refresh-token family) that access tokens name in `sid`.
import { AppError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import type { JWTKeyring } from './jwt.ts';
import { createSession, validateSession, type SessionDeps } from './sessions.ts';
import { generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import { sha256 } from './tokens.ts';

export interface JWTSessionDeps extends SessionDeps {
  store: Pick<Store, 'refreshTokens' | 'sessions'>;
  keyring: JWTKeyring;
  refreshTtlMs: number;
  audit: (event: string, fields: Record<string, unknown>) => void;
}

export interface TokenPair {
  access: string;
  refresh: string;
  sessionId: string;
  accessExpiresAt: number;
}

async function issueRefresh(deps: JWTSessionDeps, sessionId: string, sessionExpiresAt: number): Promise<string> {
  const refresh = generateSecret();
  const now = deps.clock.now();
  await deps.store.refreshTokens.insertRefreshToken({
    id: sha256(refresh), sessionId, createdAt: now, expiresAt: Math.min(now + deps.refreshTtlMs, sessionExpiresAt), usedAt: null,
  });
  return refresh;
}

/** Starts a new token family for the user in the studio and returns its first access and refresh tokens. */
export async function obtainTokenPair(deps: JWTSessionDeps, userId: string, studioId: string | null): Promise<TokenPair> {
  const { session } = await createSession(deps, { userId, studioId, kind: 'jwt' });
  const refresh = await issueRefresh(deps, session.id, session.expiresAt);
  const access = await deps.keyring.sign({ sub: userId, sid: session.id, studio: studioId, scope: [] });
  return { access: access.token, refresh, sessionId: session.id, accessExpiresAt: access.expiresAt };
}

/**
 * Rotation: a refresh token works once. Presenting a used one (replay, or the loser of a race) revokes the
 * whole family, so a stolen token and its legitimate twin both stop working (RFC 9700 §4.14.2).
 */
export async function rotateTokenPair(deps: JWTSessionDeps, refresh: string): Promise<TokenPair> {
  const invalid = new AppError('invalid_token', 'Refresh token is invalid or expired');
  if (!isWellFormedSecret(refresh)) throw invalid;
  const record = await deps.store.refreshTokens.findRefreshToken(sha256(refresh));
  if (!record) throw invalid;
  const revokeFamily = async (reason: string): Promise<never> => {
    await deps.store.sessions.deleteSession(record.sessionId);
    deps.audit('refresh_token_reuse', { sessionId: record.sessionId.slice(0, 8), reason });
    throw invalid;
  };
  if (record.usedAt !== null) return revokeFamily('replayed');
  if (deps.clock.now() >= record.expiresAt) throw invalid;
  const valid = await validateSession(deps, record.sessionId, 'jwt');
  if (!valid) throw invalid;
  if (!(await deps.store.refreshTokens.markRefreshTokenUsed(record.id, deps.clock.now()))) return revokeFamily('concurrent');
  const { session } = valid;
  const next = await issueRefresh(deps, session.id, session.expiresAt);
  const access = await deps.keyring.sign({ sub: session.userId, sid: session.id, studio: session.studioId, scope: [] });
  return { access: access.token, refresh: next, sessionId: session.id, accessExpiresAt: access.expiresAt };
}
