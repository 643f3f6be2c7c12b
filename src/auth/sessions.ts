// Sessions: create, validate (idle and absolute clocks), throttled touch, revoke. Tokens are stored only as SHA-256.
import type { Clock } from '../lib/clock.ts';
import type { SessionKind, SessionRecord, SessionStore } from '../store/types.ts';
import { generateSecret, isWellFormedSecret } from '../lib/ids.ts';
import { sha256 } from './tokens.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Longest gap between two last-seen writes; bounds how much idle time a session can lose. */
  touchIntervalMs: number;
}

export interface SessionDeps {
  sessions: SessionStore;
  clock: Clock;
  policy: SessionPolicy;
}

export interface IssuedSession {
  /** The secret the client holds; shown once, never stored. */
  token: string;
  session: SessionRecord;
}

export interface ValidSession {
  session: SessionRecord;
  /** Seconds the credential may still live: min(idle, absolute remaining). */
  maxAgeSeconds: number;
}

export function policyFromSeconds(idle: number, absolute: number, touchInterval: number): SessionPolicy {
  const idleMs = idle * 1000;
  return { idleMs, absoluteMs: absolute * 1000, touchIntervalMs: Math.min(touchInterval * 1000, Math.max(1, Math.floor(idleMs / 10))) };
}

export async function createSession(deps: SessionDeps, owner: { userId: string; studioId: string | null; kind: SessionKind }): Promise<IssuedSession> {
  const token = generateSecret();
  const now = deps.clock.now();
  const session: SessionRecord = {
    id: sha256(token),
    userId: owner.userId,
    studioId: owner.studioId,
    kind: owner.kind,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + deps.policy.absoluteMs,
  };
  await deps.sessions.createSession(session);
  return { token, session };
}

/** The two clocks every kind of session (studio or gallery visitor) lives by. */
export interface SessionTimes {
  lastSeenAt: number;
  expiresAt: number;
}

export function sessionMaxAgeSeconds(policy: SessionPolicy, session: Pick<SessionTimes, 'expiresAt'>, now: number): number {
  return Math.max(0, Math.floor(Math.min(policy.idleMs, session.expiresAt - now) / 1000));
}

/** expired: past the absolute lifetime or idle too long; touch: alive, and its last-seen time is due a write. */
export function sessionState(policy: SessionPolicy, session: SessionTimes, now: number): 'expired' | 'touch' | 'fresh' {
  if (now >= session.expiresAt || now - session.lastSeenAt >= policy.idleMs) return 'expired';
  return now - session.lastSeenAt >= policy.touchIntervalMs ? 'touch' : 'fresh';
}

/** Returns null for unknown, malformed, expired or revoked tokens; never throws for bad input. */
export async function validateSessionToken(deps: SessionDeps, token: string, kind: SessionKind): Promise<ValidSession | null> {
  if (!isWellFormedSecret(token)) return null;
  return validateSession(deps, sha256(token), kind);
}

/** Checks a session by id against both clocks, deletes it when expired, and records activity (throttled). */
export async function validateSession(deps: SessionDeps, id: string, kind: SessionKind): Promise<ValidSession | null> {
  const session = await deps.sessions.findSession(id);
  if (!session || session.kind !== kind) return null;
  const now = deps.clock.now();
  const state = sessionState(deps.policy, session, now);
  if (state === 'expired') {
    await deps.sessions.deleteSession(session.id);
    return null;
  }
  if (state === 'touch') {
    await deps.sessions.touchSession(session.id, now);
    session.lastSeenAt = now;
  }
  return { session, maxAgeSeconds: sessionMaxAgeSeconds(deps.policy, session, now) };
}

export async function revokeSession(deps: SessionDeps, sessionId: string): Promise<void> {
  await deps.sessions.deleteSession(sessionId);
}
