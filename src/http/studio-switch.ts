// Moving a credential into another studio: a cookie session is re-issued, a token keeps its value, a JWT family restarts.
// A re-issued session keeps the old one's authentication time and absolute expiry: a switch never renews either.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AppDeps } from './deps.ts';
import { toPublicStudio, type PublicStudio } from './encoders.ts';
import { deviceOf, jarOf } from './login.ts';
import { audit } from './audit.ts';

export interface SwitchResult {
  studio: PublicStudio;
  csrf_token?: string;
  access?: string;
  refresh?: string;
}

export async function switchStudio(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, p: UserPrincipal, studioId: string): Promise<SwitchResult> {
  const membership = (await deps.store.studios.listUserStudios(p.user.id)).find((m) => m.studio.id === studioId);
  if (!membership || p.sessionId === null) throw new AppError('bad_request', 'Personal access tokens and HTTP Basic are bound to one studio; switch with a session, token or JWT login');
  const studio = toPublicStudio(membership);
  const owner = { userId: p.user.id, studioId, device: deviceOf(request) };
  audit(deps, request, 'studio_switched', { userId: p.user.id, studioId, scheme: p.scheme });

  if (p.scheme === 'token') {
    await deps.sessions.moveTokenSession(p.sessionId, studioId);
    return { studio };
  }
  // A privilege change gets a brand-new session id (and CSRF token); the old cookie, token or family stops working.
  const carry = await deps.sessions.endForSwitch(p.sessionId);
  if (carry === null) throw new AppError('session_invalid');
  if (p.scheme === 'jwt') {
    const pair = await deps.sessions.obtainTokenPair(owner, carry);
    const csrf = p.ambient ? deps.sessions.setJWTCookies(jarOf(deps, request, reply), pair) : undefined;
    return { studio, access: pair.access, refresh: pair.refresh, ...(csrf !== undefined ? { csrf_token: csrf } : {}) };
  }
  const { csrfToken } = await deps.sessions.startCookieSession(jarOf(deps, request, reply), owner, carry);
  return { studio, csrf_token: csrfToken };
}
