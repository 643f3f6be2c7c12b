// Starting and ending cookie sessions over HTTP: shared by the JSON API, the login page and the setup page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { cookieValue } from '../auth/cookies.ts';
import type { CookieJar } from '../auth/sessions/manager.ts';
import { verifyPasswordLogin, type LoginDeps } from '../auth/accounts.ts';
import type { SessionDevice, UserRecord } from '../store/types.ts';
import { audit, auditSink } from './audit.ts';
import type { AppDeps } from './deps.ts';
import { cookieJar } from './cookies.ts';
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
    audit: auditSink(deps, request),
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

/** The user agent is kept to what a person can read in their sessions list; anything longer is cut. */
const USER_AGENT_MAX = 512;

/** Where a session starts, recorded so its owner can tell their sessions apart (never used to authenticate). */
export function deviceOf(request: FastifyRequest): SessionDevice {
  const agent = request.headers['user-agent'];
  return { clientIp: request.ip || null, userAgent: typeof agent === 'string' && agent !== '' ? agent.slice(0, USER_AGENT_MAX) : null };
}

/** The response's cookie jar, for the session manager. */
export function jarOf(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): CookieJar {
  return cookieJar(deps.config, request, reply);
}

/**
 * A brand-new server-generated session on every login (no fixation): any session the request still carried is
 * revoked, and the CSRF token is rotated with it.
 */
export async function startCookieSession(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, user: UserRecord): Promise<LoginResult> {
  await deps.sessions.revokePresented(cookieValue(request.headers.cookie, deps.config.cookies.session), 'studio');
  const memberships = await deps.store.studios.listUserStudios(user.id);
  const { csrfToken } = await deps.sessions.startCookieSession(jarOf(deps, request, reply), { userId: user.id, studioId: memberships[0]?.studio.id ?? null, device: deviceOf(request) });
  return { user: toPublicUser(user), csrf_token: csrfToken, studios: memberships.map(toPublicStudio) };
}

export interface TokenLoginResult {
  token: string;
  expires_at: string;
  user: PublicUser;
  studios: PublicStudio[];
}

/** Token mode: a session whose token the client sends in a header; no cookie is set. */
export async function startTokenSession(deps: AppDeps, request: FastifyRequest, user: UserRecord): Promise<TokenLoginResult> {
  const memberships = await deps.store.studios.listUserStudios(user.id);
  const { token, session } = await deps.sessions.issue({ userId: user.id, studioId: memberships[0]?.studio.id ?? null, device: deviceOf(request) }, 'token');
  return { token, expires_at: new Date(session.expiresAt).toISOString(), user: toPublicUser(user), studios: memberships.map(toPublicStudio) };
}

/** Ends the request's session server-side; a browser's cookies (ambient credentials) are cleared with it. */
export async function endSession(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const principal = request.principal;
  if (principal?.kind === 'user' && principal.sessionId) {
    await deps.sessions.revoke(principal.sessionId);
    audit(deps, request, 'logout', { userId: principal.user.id, scheme: principal.scheme });
  }
  if (principal?.ambient !== false) {
    deps.sessions.clearStudioCookies(jarOf(deps, request, reply));
    reply.header('clear-site-data', '"cookies"');
  }
}

/** The JWT family functions' audit hook: reuse of a refresh token is a warning. */
export function auditTo(deps: AppDeps, request: FastifyRequest): (event: string, fields: Record<string, unknown>) => void {
  return auditSink(deps, request, 'warn');
}
