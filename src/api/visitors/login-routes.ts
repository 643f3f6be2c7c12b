// The separate Gallery login: GET/POST /galleries/login, POST /galleries/logout, and a minimal gallery page.
import Type from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import { issueCSRFToken } from '../../auth/csrf.ts';
import { isWellFormedSecret } from '../../lib/ids.ts';
import { sha256 } from '../../auth/tokens.ts';
import { cookieValue } from '../../auth/cookies.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { prefersHtml } from '../../http/login.ts';
import { html, page, type SafeHtml } from '../../web/html.ts';
import { createVisitorSession, visitorCSRFBinding } from './session.ts';
import { sessionMaxAgeSeconds } from '../../auth/sessions.ts';
import { visitorOf, visitorSessionDeps } from './plugin.ts';
import type { VisitorCookieWriter } from './cookies.ts';
import { VISITOR_LOGIN_FAILED, verifyVisitorLogin } from './login.ts';
import { VisitorLoginBody, VisitorLoginResponse, toVisitorCollection } from './schemas.ts';
import { visibleSummary } from './service.ts';
import { sendHtml } from '../../http/plugins/security-headers.ts';

const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml): FastifyReply {
  return sendHtml(reply, status, page(title, body));
}

function loginForm(error: string | null, values: { email?: string; collection?: string }): SafeHtml {
  return html`<h2>Gallery login</h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/galleries/login">
<label for="email">Your email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${values.email ?? ''}">
<label for="collection">Collection</label>
<input id="collection" name="collection" required value="${values.collection ?? ''}">
<label for="password">Collection password (if you were given one)</label>
<input id="password" name="password" type="password" autocomplete="off">
<button type="submit">Open gallery</button>
</form>`;
}

export function registerVisitorLoginRoutes(parent: FastifyInstance, deps: AppDeps, cookies: VisitorCookieWriter): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/galleries/login', {
    config: { policy: { access: 'public' } },
    schema: { hide: true, querystring: Type.Object({ collection: Type.Optional(Type.String({ maxLength: 200 })) }) } as object,
  }, async (request, reply) => sendPage(reply, 200, 'Gallery login', loginForm(null, { collection: (request.query as { collection?: string }).collection ?? '' })));

  app.post('/galleries/login', {
    bodyLimit: deps.config.server.authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'] },
    schema: {
      tags: ['gallery'],
      summary: 'Open a collection as a visitor (email, collection id or slug, and its password when protected); sets the gallery cookies',
      body: VisitorLoginBody,
      response: { 201: VisitorLoginResponse, 303: Type.Null(), ...ERRORS },
    },
  }, async (request, reply) => {
    const browser = prefersHtml(request);
    const body = request.body;
    try {
      const audit = (event: string, fields: Record<string, unknown>): void => request.log.info({ event, ...fields }, 'security event');
      const { collection, email, emailKey } = await verifyVisitorLogin(deps, { email: body.email, collection: body.collection, password: body.password }, request.ip, audit);
      // A fresh session on every login: whatever visitor session the browser still carried is revoked first.
      const previous = cookieValue(request.headers.cookie, deps.config.cookies.visitorSession);
      if (typeof previous === 'string' && isWellFormedSecret(previous)) await deps.store.visitorSessions.deleteVisitorSession(sha256(previous));
      const { token, session } = await createVisitorSession(visitorSessionDeps(deps), { studioId: collection.studioId, collectionId: collection.id, email });
      const now = deps.clock.now();
      await deps.store.galleryActivity.recordVisit(collection.id, { email, emailKey }, now);
      await deps.store.notifications.createNotification({
        studioId: collection.studioId, kind: 'collection_viewed', message: `${email} opened the collection "${collection.name}"`,
        data: { collection_id: collection.id, email }, now,
      });
      const csrf = issueCSRFToken(deps.csrfKey, visitorCSRFBinding(session.id));
      const maxAge = sessionMaxAgeSeconds(deps.sessionPolicy, session, now);
      cookies.setSession(request, reply, token, maxAge);
      cookies.setCSRF(request, reply, csrf, Math.floor(deps.sessionPolicy.absoluteMs / 1000));
      if (browser) return reply.redirect('/galleries/view', 303);
      const summary = await visibleSummary(deps, collection);
      return reply.code(201).send({ data: { collection: toVisitorCollection(collection, summary), email, csrf_token: csrf } });
    } catch (err) {
      if (!browser) throw err;
      const e = err instanceof AppError ? err : new AppError('internal_error');
      if (e.retryAfter !== undefined) reply.header('retry-after', String(e.retryAfter));
      const message = e.code === 'validation_failed' ? 'Enter a valid email address.' : e.code === 'invalid_credentials' ? VISITOR_LOGIN_FAILED : e.message;
      return sendPage(reply, e.status, 'Gallery login', loginForm(message, { email: body.email, collection: body.collection }));
    }
  });

  app.post('/galleries/logout', {
    config: { policy: { access: 'visitor' }, accepts: ['form', 'json'] },
    schema: {
      // No body schema: an empty POST is the common case, and a form's csrf_token is read by the CSRF hook.
      tags: ['gallery'], summary: 'End the gallery-visitor session and clear its cookies (CSRF header or csrf_token form field)',
      response: { 200: Type.Object({ logged_out: Type.Boolean() }), 303: Type.Null(), ...ERRORS },
    },
  }, async (request, reply) => {
    await deps.store.visitorSessions.deleteVisitorSession(visitorOf(request).session.id);
    cookies.clearAll(request, reply);
    if (prefersHtml(request)) return reply.redirect('/galleries/login', 303);
    return { logged_out: true };
  });

  app.get('/galleries/view', {
    config: { policy: { access: 'visitor' } },
    schema: { hide: true } as object,
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const { items } = await deps.store.galleries.listGalleries(visitor.collection.id, { includePrivate: false }, { limit: 100, offset: 0 });
    const sections: SafeHtml[] = [];
    for (const gallery of items) {
      const photos = await deps.store.photos.listGalleryPhotos(gallery.id, { limit: 100, offset: 0 });
      sections.push(html`<h3>${gallery.name}</h3><p>${photos.items.map((p) => html`<a href="/api/v1/gallery/photos/${p.id}/web"><img src="/api/v1/gallery/photos/${p.id}/thumbnail" alt="${p.filename}" width="120"></a> `)}</p>`);
    }
    const csrf = issueCSRFToken(deps.csrfKey, visitorCSRFBinding(visitor.session.id));
    return sendPage(reply, 200, visitor.collection.name, html`<h2>${visitor.collection.name}</h2>
<p class="muted">${visitor.collection.description}</p>
${sections}
<form method="post" action="/galleries/logout"><input type="hidden" name="csrf_token" value="${csrf}"><button type="submit">Leave gallery</button></form>`);
  });
}
