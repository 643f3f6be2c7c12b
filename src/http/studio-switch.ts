// Moving a credential into another studio: a cookie session is re-issued, a token keeps its value, a JWT family restarts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { issueCSRFToken } from '../auth/csrf.ts';
import { revokeSession } from '../auth/sessions.ts';
import { obtainTokenPair } from '../auth/jwt-sessions.ts';
import type { Principal } from '../auth/principal.ts';
import type { AppDeps } from './deps.ts';
import type { CookieWriter } from './cookies.ts';
import { toPublicStudio, type PublicStudio } from './encoders.ts';
import { jwtSessionDeps } from './jwt-login.ts';
import { issueCookieSession } from './login.ts';

export interface SwitchResult {
  studio: PublicStudio;
  csrf_token?: string;
  access?: string;
  refresh?: string;
}

export async function switchStudio(deps: AppDeps, cookies: CookieWriter, request: FastifyRequest, reply: FastifyReply, p: Principal, studioId: string): Promise<SwitchResult> {
  const membership = (await deps.store.studios.listUserStudios(p.user.id)).find((m) => m.studio.id === studioId);
  if (!membership || p.sessionId === null) throw new AppError('bad_request', 'Personal access tokens and HTTP Basic are bound to one studio; switch with a session, token or JWT login');
  const sessionDeps = { sessions: deps.store.sessions, clock: deps.clock, policy: deps.sessionPolicy };
  const studio = toPublicStudio(membership);
  request.log.info({ event: 'studio_switched', userId: p.user.id, studioId, scheme: p.scheme }, 'security event');

  if (p.scheme === 'token') {
    await deps.store.sessions.setSessionStudio(p.sessionId, studioId);
    return { studio };
  }
  if (p.scheme === 'jwt') {
    await revokeSession(sessionDeps, p.sessionId);
    const pair = await obtainTokenPair(jwtSessionDeps(deps, request), p.user.id, studioId);
    const csrf = issueCSRFToken(deps.csrfKey, pair.sessionId);
    if (p.ambient) {
      cookies.setJWT(request, reply, pair.access, Math.floor((pair.accessExpiresAt - deps.clock.now()) / 1000));
      cookies.setCSRF(request, reply, csrf);
    }
    return { studio, access: pair.access, refresh: pair.refresh, ...(p.ambient ? { csrf_token: csrf } : {}) };
  }
  // Cookie session: a privilege change gets a brand-new session id and CSRF token; the old cookie stops working.
  await revokeSession(sessionDeps, p.sessionId);
  return { studio, csrf_token: await issueCookieSession(deps, cookies, request, reply, p.user.id, studioId) };
}
