// The client's gallery pages: GET/POST /galleries/login, POST /galleries/logout and the gallery view. Visitor routes
// are authenticated by the same policy plugin as every other route. A failure shows the login form again with its message.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppError } from '../errors.ts';
import { visitorCSRFBinding } from '../auth/sessions/manager.ts';
import type { AppDeps } from '../http/deps.ts';
import { ErrorSchema } from '../http/schemas.ts';
import { prefersHtml } from '../http/negotiate.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { visitorOf } from '../http/plugins/policy.ts';
import { VISITOR_LOGIN_FAILED } from '../api/visitors/login.ts';
import { leaveCollection, openCollection } from '../api/visitors/open.ts';
import { VisitorLoginBody, VisitorLoginResponse, toVisitorCollection } from '../api/visitors/schemas.ts';
import { visibleSummary } from '../api/visitors/service.ts';
import { html, page, type SafeHtml } from './html.ts';
import { renderForm, stateAfter, type FormSpec, type FormState } from './forms.ts';

const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;

const GALLERY_LOGIN: FormSpec = {
  action: '/galleries/login',
  submit: 'Open gallery',
  fields: [
    { name: 'email', label: 'Your email', type: 'email', autocomplete: 'email', required: true },
    { name: 'collection', label: 'Collection', required: true },
    { name: 'password', label: 'Collection password (if you were given one)', type: 'password', autocomplete: 'off' },
  ],
};

function galleryLoginPage(state: FormState = {}): string {
  return page('Gallery login', html`<h2>Gallery login</h2>
${renderForm(GALLERY_LOGIN, state)}`);
}

function expiredPage(error: AppError): string {
  return page('Gallery expired', html`<h2>This gallery has expired</h2>
<p class="error" role="alert">${error.message}.</p>
<p class="muted">Ask your photographer to extend it if you still need your photos.</p>`);
}

function loginFailurePage(request: FastifyRequest, error: AppError): string {
  if (error.code === 'collection_expired') return expiredPage(error);
  const message = error.code === 'invalid_credentials' ? `${VISITOR_LOGIN_FAILED}.` : undefined;
  return galleryLoginPage(stateAfter(error, request.body, GALLERY_LOGIN, message ? { message } : {}));
}

/** A visitor page opened without (or with an ended) gallery session: the login form, with why. */
function viewFailurePage(_request: FastifyRequest, error: AppError): string | null {
  if (error.code === 'collection_expired') return expiredPage(error);
  if (error.status === 401) return galleryLoginPage({ message: error.code === 'session_invalid' ? 'Your gallery session has ended. Log in again to continue.' : 'Log in to open your gallery.' });
  return null;
}

export function registerGalleryPages(parent: FastifyInstance, deps: AppDeps): void {
  {
    const app = parent.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/galleries/login', {
      config: { policy: { access: 'public' } },
      schema: { hide: true, querystring: Type.Object({ collection: Type.Optional(Type.String({ maxLength: 200 })) }) } as object,
    }, async (request, reply) => sendHtml(reply, 200, galleryLoginPage({ values: { collection: (request.query as { collection?: string }).collection ?? '' } })));

    app.post('/galleries/login', {
      bodyLimit: deps.config.server.authBodyLimit,
      config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'], errorPage: loginFailurePage },
      schema: {
        tags: ['gallery'],
        summary: 'Open a collection as a visitor (email, collection id or slug, and its password when protected); sets the gallery cookies',
        body: VisitorLoginBody,
        response: { 201: VisitorLoginResponse, 303: Type.Null(), ...ERRORS },
      },
    }, async (request, reply) => {
      const body = request.body;
      const opened = await openCollection(deps, request, reply, { email: body.email, collection: body.collection, password: body.password });
      if (prefersHtml(request)) return reply.redirect('/galleries/view', 303);
      const summary = await visibleSummary(deps, opened.collection);
      return reply.code(201).send({ data: { collection: toVisitorCollection(opened.collection, summary), email: opened.email, csrf_token: opened.csrfToken } });
    });

    app.post('/galleries/logout', {
      config: { policy: { access: 'visitor' }, accepts: ['form', 'json'] },
      schema: {
        // No body schema: an empty POST is the common case, and a form's csrf_token is read by the CSRF hook.
        tags: ['gallery'], summary: 'End the gallery-visitor session and clear its cookies (CSRF header or csrf_token form field)',
        response: { 200: Type.Object({ logged_out: Type.Boolean() }), 303: Type.Null(), ...ERRORS },
      },
    }, async (request, reply) => {
      await leaveCollection(deps, request, reply, visitorOf(request));
      if (prefersHtml(request)) return reply.redirect('/galleries/login', 303);
      return { logged_out: true };
    });

    app.get('/galleries/view', {
      config: { policy: { access: 'visitor' }, errorPage: viewFailurePage },
      schema: { hide: true } as object,
    }, async (request, reply) => {
      const visitor = visitorOf(request);
      const { items } = await deps.store.galleries.listGalleries(visitor.collection.id, { includePrivate: false }, { limit: 100, offset: 0 });
      const sections: SafeHtml[] = [];
      for (const gallery of items) {
        const photos = await deps.store.photos.listGalleryPhotos(gallery.id, { limit: 100, offset: 0 });
        sections.push(html`<h3>${gallery.name}</h3>
<div class="grid">${photos.items.map((p) => html`<a href="/api/v1/gallery/photos/${p.id}/web"><img src="/api/v1/gallery/photos/${p.id}/thumbnail" alt="${p.filename}" loading="lazy"></a>`)}</div>`);
      }
      const csrf = deps.sessions.csrfToken(visitorCSRFBinding(visitor.session.id));
      return sendHtml(reply, 200, page(visitor.collection.name, html`<h2>${visitor.collection.name}</h2>
<p class="muted">${visitor.collection.description}</p>
${sections.length > 0 ? sections : html`<p class="muted">No photos here yet.</p>`}
<form method="post" action="/galleries/logout"><input type="hidden" name="csrf_token" value="${csrf}"><button type="submit">Leave gallery</button></form>`, { wide: true }));
    });
  }
}
