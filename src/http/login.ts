// Starting and ending cookie sessions over HTTP: shared by the JSON API, the login page and the setup page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { cookieValue } from '../auth/cookies.ts';
import { issueCSRFToken } from '../auth/csrf.ts';
import { createSession, revokeSession, sessionMaxAgeSeconds } from '../auth/sessions.ts';
import { isWellFormedSecret } from '../lib/ids.ts';
import { sha256 } from '../auth/tokens.ts';
import { verifyPasswordLogin, type LoginDeps } from '../auth/accounts.ts';
import type { UserRecord } from '../store/types.ts';
import type { AppDeps } from './deps.ts';
import type { CookieWriter } from './cookies.ts';
import { toPublicStudio, toPublicUser, type PublicStudio, type PublicUser } from './encoders.ts';

export interface LoginResult {
  user: PublicUser;
  csrf_token: string;
  studios: PublicStudio[];
}

export function loginDeps(deps: AppDeps, request: FastifyRequest): LoginDeps {
  return {
    store: deps.store,
    hasher: deps.hasher,
    clock: deps.clock,
    limiter: deps.limiter,
    passwordPolicy: { minLength: deps.config.password.minLength, maxLength: deps.config.password.maxLength },
    audit: (event, fields) => request.log.info({ event, ...fields }, 'security event'),
  };
}

/** The identifier of a login body: the email when given, otherwise the username (the seeds send one or the other). */
export function loginIdentifier(body: { email?: string | undefined; username?: string | undefined }): string {
  const id = body.email ?? body.username;
  if (id === undefined || id.trim() === '') {
    throw new AppError('validation_failed', undefined, { details: { email: 'email or username is required' } });
  }
  return id;
}

export async function passwordLogin(deps: AppDeps, request: FastifyRequest, identifier: string, password: string, scheme: string): Promise<UserRecord> {
  return verifyPasswordLogin(loginDeps(deps, request), identifier, password, request.ip, scheme);
}

/**
 * A brand-new server-generated session on every login (no fixation): any session the request still carried is
 * revoked, and the CSRF token is rotated with it.
 */
export async function startCookieSession(deps: AppDeps, cookies: CookieWriter, request: FastifyRequest, reply: FastifyReply, user: UserRecord): Promise<LoginResult> {
  const previous = cookieValue(request.headers.cookie, deps.config.cookies.session);
  if (typeof previous === 'string' && isWellFormedSecret(previous)) await deps.store.sessions.deleteSession(sha256(previous));

  const memberships = await deps.store.studios.listUserStudios(user.id);
  const csrf = await issueCookieSession(deps, cookies, request, reply, user.id, memberships[0]?.studio.id ?? null);
  return { user: toPublicUser(user), csrf_token: csrf, studios: memberships.map(toPublicStudio) };
}

/** Creates a cookie session in the studio, sets its cookie and a CSRF token bound to it; returns that token. */
export async function issueCookieSession(deps: AppDeps, cookies: CookieWriter, request: FastifyRequest, reply: FastifyReply, userId: string, studioId: string | null): Promise<string> {
  const { token, session } = await createSession(
    { sessions: deps.store.sessions, clock: deps.clock, policy: deps.sessionPolicy },
    { userId, studioId, kind: 'cookie' },
  );
  const csrf = issueCSRFToken(deps.csrfKey, session.id);
  cookies.setSession(request, reply, token, sessionMaxAgeSeconds(deps.sessionPolicy, session, deps.clock.now()));
  cookies.setCSRF(request, reply, csrf);
  return csrf;
}

export interface TokenLoginResult {
  token: string;
  expires_at: string;
  user: PublicUser;
  studios: PublicStudio[];
}

/** Token mode: a session whose token the client sends in a header; no cookie is set. */
export async function startTokenSession(deps: AppDeps, user: UserRecord): Promise<TokenLoginResult> {
  const memberships = await deps.store.studios.listUserStudios(user.id);
  const first = memberships[0];
  const { token, session } = await createSession(
    { sessions: deps.store.sessions, clock: deps.clock, policy: deps.sessionPolicy },
    { userId: user.id, studioId: first ? first.studio.id : null, kind: 'token' },
  );
  return { token, expires_at: new Date(session.expiresAt).toISOString(), user: toPublicUser(user), studios: memberships.map(toPublicStudio) };
}

export async function endSession(deps: AppDeps, cookies: CookieWriter, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const principal = request.principal;
  if (principal?.sessionId) {
    await revokeSession({ sessions: deps.store.sessions, clock: deps.clock, policy: deps.sessionPolicy }, principal.sessionId);
    request.log.info({ event: 'logout', userId: principal.user.id }, 'security event');
  }
  if (principal?.ambient !== false) {
    cookies.clearAll(request, reply);
    reply.header('clear-site-data', '"cookies"');
  }
}
