// The client's gallery pages: GET/POST /galleries/login, POST /galleries/logout and the gallery view. Visitor routes
// are authenticated by the same policy plugin as every other route. A failure shows the login form again with its message.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { visitorCSRFBinding } from '../auth/sessions/manager.ts';
import type { AppDeps } from '../http/deps.ts';
import { ErrorSchema } from '../http/schemas.ts';
import { prefersHtml } from '../http/negotiate.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { visitorOf } from '../http/plugins/policy.ts';
import { isIdOf } from '../lib/ids.ts';
import { VISITOR_LOGIN_FAILED } from '../api/visitors/login.ts';
import { leaveCollection, openCollection } from '../api/visitors/open.ts';
import { VisitorLoginBody, VisitorLoginResponse, toVisitorCollection } from '../api/visitors/schemas.ts';
import { visibleSummary } from '../api/visitors/service.ts';
import { deliveryState } from '../api/visitors/delivery.ts';
import { html, page } from './html.ts';
import { renderForm, stateAfter, type FormSpec, type FormState } from './forms.ts';
import { registerGalleryAssets } from './gallery-assets.ts';
import { loadGalleryView } from './gallery-view.ts';
import { renderGalleryPage } from './gallery-page.ts';

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

/** A shared link to one photo (`?photo=ph_…`) survives the login: the form carries it, the redirect restores it. */
function photoToOpen(value: unknown): string | null {
  return typeof value === 'string' && isIdOf('ph', value) ? value : null;
}

function galleryLoginPage(state: FormState = {}, photo: string | null = null): string {
  const spec = photo === null ? GALLERY_LOGIN : { ...GALLERY_LOGIN, hidden: { photo } };
  return page('Gallery login', html`<h2>Gallery login</h2>
${renderForm(spec, state)}`);
}

function expiredPage(error: AppError): string {
  return page('Gallery expired', html`<h2>This gallery has expired</h2>
<p class="error" role="alert">${error.message}.</p>
<p class="muted">Ask your photographer to extend it if you still need your photos.</p>`);
}

function loginFailurePage(request: FastifyRequest, error: AppError): string {
  if (error.code === 'collection_expired') return expiredPage(error);
  const message = error.code === 'invalid_credentials' ? `${VISITOR_LOGIN_FAILED}.` : undefined;
  const photo = photoToOpen((request.body as { photo?: unknown } | undefined)?.photo);
  return galleryLoginPage(stateAfter(error, request.body, GALLERY_LOGIN, message ? { message } : {}), photo);
}

/** A visitor page opened without (or with an ended) gallery session: the login form, with why (and the collection). */
function viewFailurePage(request: FastifyRequest, error: AppError): string | null {
  if (error.code === 'collection_expired') return expiredPage(error);
  const collection = (request.params as { collection?: string } | undefined)?.collection;
  const values = collection === undefined ? {} : { values: { collection } };
  const photo = photoToOpen((request.query as { photo?: unknown } | undefined)?.photo);
  if (error.status === 401) return galleryLoginPage({ ...values, message: error.code === 'session_invalid' ? 'Your gallery session has ended. Log in again to continue.' : 'Log in to open your gallery.' }, photo);
  return null;
}

/**
 * Where a visitor's gallery lives: its slug, the address the studio shares. Slugs always end in a random suffix
 * (collections/service.ts), so none can be `login`, `logout` or `view`.
 */
const galleryPath = (collection: { slug: string }): string => `/galleries/${encodeURIComponent(collection.slug)}`;

export function registerGalleryPages(parent: FastifyInstance, deps: AppDeps): void {
  {
    const app = parent.withTypeProvider<TypeBoxTypeProvider>();
    const assets = registerGalleryAssets(parent);

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
      if (prefersHtml(request)) {
        const photo = photoToOpen(body.photo);
        return reply.redirect(`${galleryPath(opened.collection)}${photo === null ? '' : `?photo=${photo}`}`, 303);
      }
      const summary = await visibleSummary(deps, opened.collection);
      const delivery = await deliveryState(deps, opened.collection, { sessionId: opened.sessionId, emailKey: opened.emailKey });
      const confirmed = !opened.collection.requireEmailConfirmation || await deps.store.visitorEmail.isVisitorEmailConfirmed(opened.sessionId);
      return reply.code(201).send({ data: { collection: toVisitorCollection(opened.collection, summary, delivery, confirmed), email: opened.email, csrf_token: opened.csrfToken } });
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

    // The page before the client gallery had its own address; kept so old links and bookmarks still land.
    app.get('/galleries/view', {
      config: { policy: { access: 'visitor' }, errorPage: viewFailurePage },
      schema: { hide: true } as object,
    }, async (request, reply) => reply.redirect(galleryPath(visitorOf(request).collection), 303));

    app.get('/galleries/:collection', {
      config: { policy: { access: 'visitor' }, errorPage: viewFailurePage },
      schema: { hide: true, params: Type.Object({ collection: Type.String({ maxLength: 200 }) }), querystring: Type.Object({ photo: Type.Optional(Type.String({ maxLength: 200 })) }) } as object,
    }, async (request, reply) => {
      const visitor = visitorOf(request);
      const wanted = (request.params as { collection: string }).collection;
      // Signed in to another collection: this one needs its own login.
      if (wanted !== visitor.collection.slug && wanted !== visitor.collection.id) throw new AppError('authentication_required', 'Gallery login required');
      const csrfToken = deps.sessions.csrfToken(visitorCSRFBinding(visitor.session.id));
      const view = await loadGalleryView(deps, visitor, csrfToken, { css: assets.version('gallery.css'), js: assets.version('gallery.js') });
      return sendHtml(reply, 200, renderGalleryPage(view));
    });
  }
}
