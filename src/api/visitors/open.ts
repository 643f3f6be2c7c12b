// Opening and leaving a collection as a visitor over HTTP: the session, its cookies, the visit record and the
// studio's notification. Shared by the JSON API and the gallery login page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { issueCSRFToken } from '../../auth/csrf.ts';
import { cookieValue } from '../../auth/cookies.ts';
import { sessionMaxAgeSeconds } from '../../auth/sessions.ts';
import { sha256 } from '../../auth/tokens.ts';
import { isWellFormedSecret } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord } from '../../store/types.ts';
import type { VisitorCookieWriter } from './cookies.ts';
import { verifyVisitorLogin, type VisitorLoginInput } from './login.ts';
import { visitorSessionDeps, type Visitor } from './plugin.ts';
import { createVisitorSession, visitorCSRFBinding } from './session.ts';

export interface OpenedCollection {
  collection: CollectionRecord;
  email: string;
  csrfToken: string;
}

/** Verifies the visitor login and starts a fresh visitor session (any session the browser still carried is revoked). */
export async function openCollection(deps: AppDeps, cookies: VisitorCookieWriter, request: FastifyRequest, reply: FastifyReply, input: VisitorLoginInput): Promise<OpenedCollection> {
  const audit = (event: string, fields: Record<string, unknown>): void => request.log.info({ event, ...fields }, 'security event');
  const { collection, email, emailKey } = await verifyVisitorLogin(deps, input, request.ip, audit);
  const previous = cookieValue(request.headers.cookie, deps.config.cookies.visitorSession);
  if (typeof previous === 'string' && isWellFormedSecret(previous)) await deps.store.visitorSessions.deleteVisitorSession(sha256(previous));
  const { token, session } = await createVisitorSession(visitorSessionDeps(deps), { studioId: collection.studioId, collectionId: collection.id, email });
  const now = deps.clock.now();
  await deps.store.galleryActivity.recordVisit(collection.id, { email, emailKey }, now);
  await deps.store.notifications.createNotification({
    studioId: collection.studioId, kind: 'collection_viewed', message: `${email} opened the collection "${collection.name}"`,
    data: { collection_id: collection.id, email }, now,
  });
  const csrfToken = issueCSRFToken(deps.csrfKey, visitorCSRFBinding(session.id));
  cookies.setSession(request, reply, token, sessionMaxAgeSeconds(deps.sessionPolicy, session, now));
  cookies.setCSRF(request, reply, csrfToken, Math.floor(deps.sessionPolicy.absoluteMs / 1000));
  return { collection, email, csrfToken };
}

/** Ends the visitor's session on the server and clears both gallery cookies. */
export async function leaveCollection(deps: AppDeps, cookies: VisitorCookieWriter, request: FastifyRequest, reply: FastifyReply, visitor: Visitor): Promise<void> {
  await deps.store.visitorSessions.deleteVisitorSession(visitor.session.id);
  request.log.info({ event: 'gallery_logout', collectionId: visitor.collection.id }, 'security event');
  cookies.clearAll(request, reply);
}
