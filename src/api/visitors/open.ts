// Opening and leaving a collection as a visitor over HTTP: the session, its cookies, the visit record and the
// studio's notification. Shared by the JSON API and the gallery login page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieValue } from '../../auth/cookies.ts';
import type { VisitorPrincipal } from '../../auth/principal.ts';
import type { AppDeps } from '../../http/deps.ts';
import { jarOf } from '../../http/login.ts';
import { audit, auditSink } from '../../http/audit.ts';
import type { CollectionRecord } from '../../store/types.ts';
import { verifyVisitorLogin, type VisitorLoginInput } from './login.ts';
import { keepsConfirmation } from './email-confirmation.ts';

export interface OpenedCollection {
  collection: CollectionRecord;
  email: string;
  emailKey: string;
  sessionId: string;
  csrfToken: string;
}

/** Verifies the visitor login and starts a fresh visitor session (any session the browser still carried is revoked). */
export async function openCollection(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, input: VisitorLoginInput): Promise<OpenedCollection> {
  const { collection, email, emailKey } = await verifyVisitorLogin(deps, input, request.ip, auditSink(deps, request));
  const presented = cookieValue(request.headers.cookie, deps.config.cookies.visitorSession);
  const previous = typeof presented === 'string' ? (await deps.sessions.validateVisitor(presented))?.session ?? null : null;
  const confirmed = await keepsConfirmation(deps, previous, { collectionId: collection.id, email });
  await deps.sessions.revokePresented(presented, 'visitor');
  const { session, csrfToken } = await deps.sessions.startVisitorSession(jarOf(deps, request, reply), { studioId: collection.studioId, collectionId: collection.id, email });
  const now = deps.clock.now();
  if (confirmed) await deps.store.visitorEmail.confirmVisitorEmail(session.id, collection.id, now);
  await deps.store.galleryActivity.recordVisit(collection.id, { email, emailKey }, now);
  // Every visitor has a default favorite list from their first visit on (issue #18).
  await deps.store.favoriteLists.ensureDefaultList(collection.id, { email, emailKey }, now);
  await deps.store.notifications.createNotification({
    studioId: collection.studioId, kind: 'collection_viewed', message: `${email} opened the collection "${collection.name}"`,
    data: { collection_id: collection.id, email }, now,
  });
  return { collection, email, emailKey, sessionId: session.id, csrfToken };
}

/** Ends the visitor's session on the server and clears both gallery cookies. */
export async function leaveCollection(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, visitor: VisitorPrincipal): Promise<void> {
  await deps.sessions.revokeVisitor(visitor.session.id);
  audit(deps, request, 'gallery_logout', { collectionId: visitor.collection.id });
  deps.sessions.clearVisitorCookies(jarOf(deps, request, reply));
}
