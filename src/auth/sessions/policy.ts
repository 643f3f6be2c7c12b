// The two clocks every session lives by (idle and absolute), and how often a last-seen time is written.

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Longest gap between two last-seen writes; bounds how much idle time a session can lose. */
  touchIntervalMs: number;
}

export function policyFromSeconds(idle: number, absolute: number, touchInterval: number): SessionPolicy {
  const idleMs = idle * 1000;
  return { idleMs, absoluteMs: absolute * 1000, touchIntervalMs: Math.min(touchInterval * 1000, Math.max(1, Math.floor(idleMs / 10))) };
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
