// Authenticates gallery-visitor routes (policy access 'visitor'): the visitor cookie, the collection's expiry, CSRF.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePolicy } from '../../http/types.ts';
import { AppError } from '../../errors.ts';
import { AMBIGUOUS, cookieValue } from '../../auth/cookies.ts';
import { verifyCSRFToken } from '../../auth/csrf.ts';
import { loginKey } from '../../auth/identifiers.ts';
import { UNSAFE, offeredCSRFToken, toArray } from '../../http/plugins/authenticate.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord, VisitorSessionRecord } from '../../store/types.ts';
import { isExpired } from '../collections/schemas.ts';
import { validateVisitorToken, visitorCSRFBinding, type VisitorSessionDeps } from './session.ts';
import type { VisitorCookieWriter } from './cookies.ts';

export interface Visitor {
  session: VisitorSessionRecord;
  collection: CollectionRecord;
  /** NFKC + lower-case email: the key favorites are kept under. */
  emailKey: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on gallery-visitor routes only; studio routes never see one. */
    visitor: Visitor | null;
  }
}

export function visitorSessionDeps(deps: AppDeps): VisitorSessionDeps {
  return { sessions: deps.store.visitorSessions, clock: deps.clock, policy: deps.sessionPolicy };
}

/** The request's Visitor on a route whose policy guarantees one. */
export function visitorOf(request: FastifyRequest): Visitor {
  if (!request.visitor) throw new AppError('authentication_required', 'Gallery login required');
  return request.visitor;
}

/** Installs the hooks in the (encapsulated) context that holds the visitor routes. */
export function registerVisitorAuthentication(app: FastifyInstance, deps: AppDeps, cookies: VisitorCookieWriter): void {
  const names = deps.config.cookies;
  const sessionDeps = visitorSessionDeps(deps);
  app.decorateRequest('visitor', null);

  const authenticateVisitor = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = cookieValue(request.headers.cookie, names.visitorSession);
    if (token === AMBIGUOUS) throw new AppError('ambiguous_credentials');
    if (token === undefined) throw new AppError('authentication_required', 'Gallery login required');
    const valid = await validateVisitorToken(sessionDeps, token);
    const collection = valid ? await deps.store.collections.findCollection(valid.session.studioId, valid.session.collectionId) : null;
    if (!valid || !collection) {
      cookies.clearSession(request, reply);
      throw new AppError('session_invalid');
    }
    if (isExpired(collection, deps.clock.now())) throw new AppError('collection_expired');
    request.visitor = { session: valid.session, collection, emailKey: loginKey(valid.session.email) };
    // Sliding idle timeout: every answer to a visitor renews the cookie's Max-Age; the logout's clearing cookie
    // replaces this one (writeCookie keeps one Set-Cookie per name).
    cookies.setSession(request, reply, token, valid.maxAgeSeconds);
  };
  // Per route, so it runs after the core hook's checks (query pollution, media type), which are per route too.
  app.addHook('onRoute', (route) => {
    if ((route.config as { policy?: RoutePolicy } | undefined)?.policy?.access !== 'visitor') return;
    route.onRequest = [...toArray(route.onRequest), authenticateVisitor];
  });

  // After body parsing, so the logout form can carry its token as the csrf_token field.
  app.addHook('preValidation', async (request) => {
    const visitor = request.visitor;
    if (!visitor || !UNSAFE.has(request.method)) return;
    const token = offeredCSRFToken(request, deps.config.csrf.trustedOrigins);
    if (token === undefined || !verifyCSRFToken(deps.csrfKey, visitorCSRFBinding(visitor.session.id), token)) {
      request.log.warn({ event: 'csrf_rejected', collectionId: visitor.collection.id, present: token !== undefined }, 'security event');
      throw new AppError('csrf_failed');
    }
  });
}
