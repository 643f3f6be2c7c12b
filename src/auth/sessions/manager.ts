// The session manager: every kind of session (studio cookie, token mode, JWT refresh family, gallery visitor) is
// issued, validated, touched, rotated and revoked here, and only here are authentication cookies set or cleared.
import type { Clock } from '../../lib/clock.ts';
import { generateSecret, isWellFormedSecret } from '../../lib/ids.ts';
import type { Role, SessionDevice, SessionKind, SessionListing, SessionRecord, Store, UserRecord, VisitorSessionRecord } from '../../store/types.ts';
import { AppError } from '../../errors.ts';
import { issueCSRFToken, verifyCSRFToken, type CsrfKeys } from '../csrf.ts';
import type { JWTKeyring } from '../jwt.ts';
import { sha256 } from '../tokens.ts';
import { loginKey } from '../identifiers.ts';
import { sessionMaxAgeSeconds, sessionState, type SessionPolicy } from './policy.ts';

/** Where a response's cookies go; the HTTP layer supplies one per request (attributes: Path=/, SameSite=Lax, Secure per request). */
export interface CookieJar {
  /** An empty value with maxAge 0 expires the cookie. A later write of the same name replaces an earlier one. */
  set(name: string, value: string, options: { maxAge: number; httpOnly: boolean }): void;
}

export interface SessionCookieNames {
  session: string;
  csrf: string;
  jwt: string;
  visitorSession: string;
  visitorCsrf: string;
}

export interface SessionManagerDeps {
  store: Pick<Store, 'sessions' | 'visitorSessions' | 'refreshTokens' | 'transaction'>;
  clock: Clock;
  policy: SessionPolicy;
  keyring: JWTKeyring;
  refreshTtlMs: number;
  /** Signing keys for CSRF tokens, newest first (src/auth/csrf-keys.ts). */
  csrfKeys: CsrfKeys;
  cookies: SessionCookieNames;
}

export interface SessionOwner {
  userId: string;
  studioId: string | null;
  /** Where the session starts (client address, user agent), for its owner's list of sessions. */
  device?: SessionDevice;
}

/**
 * What a session carries over from the one it replaces on a studio switch: when the user last proved their password
 * (`createdAt`, the Principal's `authenticatedAt`) and the absolute expiry. A switch never renews either.
 */
export type CarriedTimes = Pick<SessionRecord, 'createdAt' | 'expiresAt'>;

export interface IssuedSession {
  /** The secret the client holds; shown once, never stored. */
  token: string;
  session: SessionRecord;
}

/** A live studio session with its user (enabled) and the user's role in the session's studio, from one lookup. */
export interface ValidSession {
  session: SessionRecord;
  user: UserRecord;
  /** Null when the session has no studio, or the user was removed from it since login. */
  role: Role | null;
  /** Seconds the credential may still live: min(idle, absolute remaining). */
  maxAgeSeconds: number;
}

export interface ValidVisitorSession {
  session: VisitorSessionRecord;
  maxAgeSeconds: number;
}

export interface TokenPair {
  access: string;
  refresh: string;
  sessionId: string;
  accessExpiresAt: number;
}

export type Audit = (event: string, fields: Record<string, unknown>) => void;

/** CSRF tokens of visitors are bound to their session under their own label, so no studio token can stand in. */
export function visitorCSRFBinding(sessionId: string): string {
  return `visitor:${sessionId}`;
}

export class SessionManager {
  readonly policy: SessionPolicy;
  private csrfKeys: CsrfKeys;

  constructor(private readonly deps: SessionManagerDeps) {
    this.policy = deps.policy;
    this.csrfKeys = deps.csrfKeys;
  }

  /** The same manager writing through a transaction's store: its sessions land with the transaction, or not at all. */
  within(store: SessionManagerDeps['store']): SessionManager {
    return new SessionManager({ ...this.deps, store, csrfKeys: this.csrfKeys });
  }

  // --- CSRF tokens, bound to a session id (or to none, before login) -------------------------------------------------

  csrfToken(binding: string | null): string {
    return issueCSRFToken(this.csrfKeys, binding);
  }

  verifyCSRF(binding: string, token: string): boolean {
    return verifyCSRFToken(this.csrfKeys, binding, token);
  }

  /** Takes a rotated key list (newest first) without a restart: the sweep reloads it from the store. */
  useCsrfKeys(keys: CsrfKeys): void {
    this.csrfKeys = keys;
  }

  // --- Studio sessions (cookie, token mode, and the JWT family behind `sid`) ------------------------------------------

  async issue(owner: SessionOwner, kind: SessionKind, carry?: CarriedTimes): Promise<IssuedSession> {
    const token = generateSecret();
    const now = this.deps.clock.now();
    const session: SessionRecord = {
      id: sha256(token), userId: owner.userId, studioId: owner.studioId, kind,
      createdAt: carry?.createdAt ?? now, lastSeenAt: now, expiresAt: carry?.expiresAt ?? now + this.policy.absoluteMs,
    };
    await this.deps.store.sessions.createSession(session, owner.device);
    return { token, session };
  }

  /** Null for unknown, malformed, expired or revoked tokens; never throws for bad input. */
  validateToken(token: string, kind: SessionKind): Promise<ValidSession | null> {
    if (!isWellFormedSecret(token)) return Promise.resolve(null);
    return this.validate(sha256(token), kind);
  }

  /**
   * One store lookup (session joined with its user and role) checked against both clocks. An expired session, or one
   * whose user is disabled, is deleted; activity is recorded at most once per touch interval.
   */
  async validate(id: string, kind: SessionKind): Promise<ValidSession | null> {
    const found = await this.deps.store.sessions.findSessionWithUser(id);
    if (!found || found.session.kind !== kind) return null;
    const { session, user } = found;
    const now = this.deps.clock.now();
    const state = sessionState(this.policy, session, now);
    if (state === 'expired' || user.disabledAt !== null) {
      await this.deps.store.sessions.deleteSession(session.id);
      return null;
    }
    if (state === 'touch') {
      await this.deps.store.sessions.touchSession(session.id, now);
      session.lastSeenAt = now;
    }
    const role = session.studioId === null ? null : found.role;
    return { session, user, role, maxAgeSeconds: sessionMaxAgeSeconds(this.policy, session, now) };
  }

  /**
   * The first half of a studio switch: ends the session and returns what its successor (new id, new token, in the
   * other studio: `issue`, `startCookieSession` or `obtainTokenPair` with these times) carries over. Null when the
   * session is already gone.
   */
  async endForSwitch(sessionId: string): Promise<CarriedTimes | null> {
    const old = await this.deps.store.sessions.findSession(sessionId);
    if (!old) return null;
    await this.revoke(old.id);
    return { createdAt: old.createdAt, expiresAt: old.expiresAt };
  }

  /** Token mode keeps its token across a switch (the client holds it); the session moves studio in place. */
  async moveTokenSession(sessionId: string, studioId: string): Promise<void> {
    await this.deps.store.sessions.setSessionStudio(sessionId, studioId);
  }

  revoke(sessionId: string): Promise<void> {
    return this.deps.store.sessions.deleteSession(sessionId);
  }

  /** The user's sessions of every kind, as their owner sees them; expired ones (awaiting the sweep) are left out. */
  async listForUser(userId: string): Promise<SessionListing[]> {
    const now = this.deps.clock.now();
    return (await this.deps.store.sessions.listUserSessions(userId)).filter((s) => sessionState(this.policy, s, now) !== 'expired');
  }

  /** Ends one of the user's own sessions; false when the user has no session with that id (someone else's included). */
  async revokeOwn(userId: string, sessionId: string): Promise<boolean> {
    const found = await this.deps.store.sessions.findSession(sessionId);
    if (!found || found.userId !== userId) return false;
    await this.revoke(sessionId);
    return true;
  }

  /** "Sign out everywhere else": every session of the user but `keepId`; returns how many ended. */
  revokeOthers(userId: string, keepId: string): Promise<number> {
    return this.deps.store.sessions.deleteUserSessionsExcept(userId, keepId);
  }

  /** Ends every session of the user (cookie, token and JWT families alike); returns how many. */
  revokeUser(userId: string): Promise<number> {
    return this.deps.store.sessions.deleteUserSessions(userId);
  }

  /** Revokes the session a cookie value names, if it is one of ours (a login replacing the browser's old session). */
  async revokePresented(token: string | undefined | symbol, kind: 'studio' | 'visitor'): Promise<void> {
    if (typeof token !== 'string' || !isWellFormedSecret(token)) return;
    if (kind === 'studio') await this.revoke(sha256(token));
    else await this.revokeVisitor(sha256(token));
  }

  // --- Browser cookies of studio sessions -----------------------------------------------------------------------------

  /** Starts a cookie session, sets its cookie and a CSRF cookie bound to it; returns the session and that token. */
  async startCookieSession(jar: CookieJar, owner: SessionOwner, carry?: CarriedTimes): Promise<{ session: SessionRecord; csrfToken: string }> {
    const { token, session } = await this.issue(owner, 'cookie', carry);
    this.renewCookie(jar, token, sessionMaxAgeSeconds(this.policy, session, this.deps.clock.now()));
    return { session, csrfToken: this.issueCSRFCookie(jar, session.id) };
  }

  /** The sliding idle timeout: every answer to a cookie session renews the cookie's Max-Age. */
  renewCookie(jar: CookieJar, token: string, maxAgeSeconds: number): void {
    jar.set(this.deps.cookies.session, token, { maxAge: maxAgeSeconds, httpOnly: true });
  }

  clearSessionCookie(jar: CookieJar): void {
    jar.set(this.deps.cookies.session, '', { maxAge: 0, httpOnly: true });
  }

  /** A CSRF token bound to the binding, also set as the (script-readable) CSRF cookie for double submit. */
  issueCSRFCookie(jar: CookieJar, binding: string | null): string {
    const token = this.csrfToken(binding);
    jar.set(this.deps.cookies.csrf, token, { maxAge: Math.floor(this.policy.absoluteMs / 1000), httpOnly: false });
    return token;
  }

  /** Expires the session, JWT and CSRF cookies. */
  clearStudioCookies(jar: CookieJar): void {
    this.clearSessionCookie(jar);
    jar.set(this.deps.cookies.jwt, '', { maxAge: 0, httpOnly: true });
    jar.set(this.deps.cookies.csrf, '', { maxAge: 0, httpOnly: false });
  }

  // --- JWT families: each obtain starts a session (the refresh-token family) that access tokens name in `sid` ---------

  async obtainTokenPair(owner: SessionOwner, carry?: CarriedTimes): Promise<TokenPair> {
    const { session } = await this.issue(owner, 'jwt', carry);
    return this.pairFor(session);
  }

  /**
   * Rotation: a refresh token works once. Presenting a used one (replay, or the loser of a race) revokes the whole
   * family, so a stolen token and its legitimate twin both stop working (RFC 9700 §4.14.2).
   */
  async rotateTokenPair(refresh: string, audit: Audit): Promise<TokenPair> {
    const invalid = new AppError('invalid_token', 'Refresh token is invalid or expired');
    if (!isWellFormedSecret(refresh)) throw invalid;
    const { store, clock } = this.deps;
    const record = await store.refreshTokens.findRefreshToken(sha256(refresh));
    if (!record) throw invalid;
    const revokeFamily = async (reason: string): Promise<never> => {
      await this.revoke(record.sessionId);
      audit('refresh_token_reuse', { sessionId: record.sessionId.slice(0, 8), reason });
      throw invalid;
    };
    if (record.usedAt !== null) return revokeFamily('replayed');
    if (clock.now() >= record.expiresAt) throw invalid;
    const valid = await this.validate(record.sessionId, 'jwt');
    if (!valid) throw invalid;
    // Marking the token used and storing its successor commit together. Two instances racing with one token: the
    // loser's conditional UPDATE waits for the winner's commit and then finds it used, so the family is revoked only
    // after the winner's successor exists (on PostgreSQL, the winner's insert would otherwise hit a deleted session).
    const pair = await store.transaction(async (tx) => {
      if (!(await tx.refreshTokens.markRefreshTokenUsed(record.id, clock.now()))) return null;
      return this.within(tx).pairFor(valid.session);
    });
    return pair ?? revokeFamily('concurrent');
  }

  /** A JWT login in a browser: the access token as an HttpOnly cookie (never outliving the token) and a CSRF token. */
  setJWTCookies(jar: CookieJar, pair: TokenPair): string {
    jar.set(this.deps.cookies.jwt, pair.access, { maxAge: Math.max(0, Math.floor((pair.accessExpiresAt - this.deps.clock.now()) / 1000)), httpOnly: true });
    return this.issueCSRFCookie(jar, pair.sessionId);
  }

  private async pairFor(session: SessionRecord): Promise<TokenPair> {
    const refresh = generateSecret();
    const now = this.deps.clock.now();
    await this.deps.store.refreshTokens.insertRefreshToken({
      id: sha256(refresh), sessionId: session.id, createdAt: now, expiresAt: Math.min(now + this.deps.refreshTtlMs, session.expiresAt), usedAt: null,
    });
    const access = await this.deps.keyring.sign({ sub: session.userId, sid: session.id, studio: session.studioId, scope: [] });
    return { access: access.token, refresh, sessionId: session.id, accessExpiresAt: access.expiresAt };
  }

  // --- Gallery visitor sessions ---------------------------------------------------------------------------------------

  /** Starts a visitor session in the collection, sets its cookie and a CSRF cookie bound to it. */
  async startVisitorSession(jar: CookieJar, owner: { studioId: string; collectionId: string; email: string }): Promise<{ session: VisitorSessionRecord; csrfToken: string }> {
    const token = generateSecret();
    const now = this.deps.clock.now();
    const session: VisitorSessionRecord = {
      id: sha256(token), studioId: owner.studioId, collectionId: owner.collectionId, email: owner.email,
      createdAt: now, lastSeenAt: now, expiresAt: now + this.policy.absoluteMs,
    };
    await this.deps.store.visitorSessions.createVisitorSession(session);
    const csrfToken = this.csrfToken(visitorCSRFBinding(session.id));
    this.renewVisitorCookie(jar, token, sessionMaxAgeSeconds(this.policy, session, now));
    jar.set(this.deps.cookies.visitorCsrf, csrfToken, { maxAge: Math.floor(this.policy.absoluteMs / 1000), httpOnly: false });
    return { session, csrfToken };
  }

  /** Null for unknown, malformed, expired or revoked tokens; never throws for bad input. */
  async validateVisitor(token: string): Promise<ValidVisitorSession | null> {
    if (!isWellFormedSecret(token)) return null;
    const sessions = this.deps.store.visitorSessions;
    const session = await sessions.findVisitorSession(sha256(token));
    if (!session) return null;
    const now = this.deps.clock.now();
    const state = sessionState(this.policy, session, now);
    if (state === 'expired') {
      await sessions.deleteVisitorSession(session.id);
      return null;
    }
    if (state === 'touch') {
      await sessions.touchVisitorSession(session.id, now);
      session.lastSeenAt = now;
    }
    return { session, maxAgeSeconds: sessionMaxAgeSeconds(this.policy, session, now) };
  }

  renewVisitorCookie(jar: CookieJar, token: string, maxAgeSeconds: number): void {
    jar.set(this.deps.cookies.visitorSession, token, { maxAge: maxAgeSeconds, httpOnly: true });
  }

  clearVisitorSessionCookie(jar: CookieJar): void {
    jar.set(this.deps.cookies.visitorSession, '', { maxAge: 0, httpOnly: true });
  }

  clearVisitorCookies(jar: CookieJar): void {
    this.clearVisitorSessionCookie(jar);
    jar.set(this.deps.cookies.visitorCsrf, '', { maxAge: 0, httpOnly: false });
  }

  revokeVisitor(sessionId: string): Promise<void> {
    return this.deps.store.visitorSessions.deleteVisitorSession(sessionId);
  }

  /** Ends every visitor session of a collection (its password changed, it was deleted or expired); returns how many. */
  revokeCollection(collectionId: string): Promise<number> {
    return this.deps.store.visitorSessions.deleteCollectionVisitorSessions(collectionId);
  }

  /**
   * Ends the collection's visitor sessions whose email is not among `emailKeys` (NFKC + lower-case keys), when the
   * access list changed (issue #22, defect 2); returns how many. Emails are compared by key, as the gallery login does.
   */
  async revokeCollectionVisitorsExcept(collectionId: string, emailKeys: ReadonlySet<string>): Promise<number> {
    const sessions = await this.deps.store.visitorSessions.listCollectionVisitorSessions(collectionId);
    let ended = 0;
    for (const session of sessions) {
      if (emailKeys.has(loginKey(session.email))) continue;
      await this.deps.store.visitorSessions.deleteVisitorSession(session.id);
      ended++;
    }
    return ended;
  }

  // --- Housekeeping ---------------------------------------------------------------------------------------------------

  /** Studio sessions of each kind still within both clocks right now (what the sweep would keep), for metrics. */
  countLive(): Promise<Record<SessionKind, number>> {
    return this.deps.store.sessions.countLiveSessions(this.deps.clock.now(), this.policy.idleMs);
  }

  /** Deletes every studio and visitor session past either clock; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.deps.clock.now();
    const studio = await this.deps.store.sessions.deleteExpiredSessions(now, this.policy.idleMs);
    return studio + (await this.deps.store.visitorSessions.deleteExpiredVisitorSessions(now, this.policy.idleMs));
  }
}
