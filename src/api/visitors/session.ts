// Gallery-visitor sessions: created at gallery login, validated on the idle and absolute clocks, stored only as SHA-256.
import type { Clock } from '../../lib/clock.ts';
import { sessionMaxAgeSeconds, sessionState, type SessionPolicy } from '../../auth/sessions.ts';
import { generateSecret, isWellFormedSecret } from '../../lib/ids.ts';
import { sha256 } from '../../auth/tokens.ts';
import type { VisitorSessionRecord, VisitorSessionStore } from '../../store/types.ts';

export interface VisitorSessionDeps {
  sessions: VisitorSessionStore;
  clock: Clock;
  policy: SessionPolicy;
}

export interface ValidVisitorSession {
  session: VisitorSessionRecord;
  maxAgeSeconds: number;
}

/** CSRF tokens of visitors are bound to their session under their own label, so no studio token can stand in. */
export function visitorCSRFBinding(sessionId: string): string {
  return `visitor:${sessionId}`;
}

export async function createVisitorSession(deps: VisitorSessionDeps, owner: { studioId: string; collectionId: string; email: string }): Promise<{ token: string; session: VisitorSessionRecord }> {
  const token = generateSecret();
  const now = deps.clock.now();
  const session: VisitorSessionRecord = {
    id: sha256(token), studioId: owner.studioId, collectionId: owner.collectionId, email: owner.email,
    createdAt: now, lastSeenAt: now, expiresAt: now + deps.policy.absoluteMs,
  };
  await deps.sessions.createVisitorSession(session);
  return { token, session };
}

/** Null for unknown, malformed, expired or revoked tokens; never throws for bad input. */
export async function validateVisitorToken(deps: VisitorSessionDeps, token: string): Promise<ValidVisitorSession | null> {
  if (!isWellFormedSecret(token)) return null;
  const session = await deps.sessions.findVisitorSession(sha256(token));
  if (!session) return null;
  const now = deps.clock.now();
  const state = sessionState(deps.policy, session, now);
  if (state === 'expired') {
    await deps.sessions.deleteVisitorSession(session.id);
    return null;
  }
  if (state === 'touch') {
    await deps.sessions.touchVisitorSession(session.id, now);
    session.lastSeenAt = now;
  }
  return { session, maxAgeSeconds: sessionMaxAgeSeconds(deps.policy, session, now) };
}
