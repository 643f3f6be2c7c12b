// The studio's web pages: home, login, logout and first-run setup. Server-rendered, no external assets.
import Type from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { issueCSRFToken } from '../auth/csrf.ts';
import { createAccountInStudio } from '../auth/accounts.ts';
import { consumeSetupToken, isValidSetupToken } from '../auth/setup.ts';
import type { AppDeps } from '../http/deps.ts';
import type { CookieWriter } from '../http/cookies.ts';
import { ErrorSchema, IdentifierField, LoginBody, LoginResponse, PasswordField } from '../http/schemas.ts';
import { endSession, loginDeps, loginIdentifier, passwordLogin, prefersHtml, startCookieSession } from '../http/login.ts';
import { APP_CSS, html, page, type SafeHtml } from './html.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';

const HtmlOrJson = { '4xx': ErrorSchema, '5xx': ErrorSchema };

function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml): FastifyReply {
  return sendHtml(reply, status, page(title, body));
}

function loginForm(error: string | null, identifier = ''): SafeHtml {
  return html`<h2>Studio login</h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login">
<label for="email">Email or username</label>
<input id="email" name="email" autocomplete="username" required value="${identifier}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`;
}

function setupForm(token: string, error: string | null): SafeHtml {
  return html`<h2>Set up your studio</h2>
<p class="muted">Create the owner account. This link works once.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/setup">
<input type="hidden" name="token" value="${token}">
<label for="studio_name">Studio name</label><input id="studio_name" name="studio_name" required>
<label for="first_name">First name</label><input id="first_name" name="first_name" autocomplete="given-name">
<label for="last_name">Last name</label><input id="last_name" name="last_name" autocomplete="family-name">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password (at least 15 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required>
<button type="submit">Create owner account</button>
</form>`;
}

function describe(err: unknown): AppError {
  return err instanceof AppError ? err : new AppError('internal_error');
}

export function registerWebRoutes(parent: FastifyInstance, deps: AppDeps, cookies: CookieWriter): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;

  app.get('/assets/app.css', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(APP_CSS);
  });

  app.get('/', { config: { policy: { access: 'optional' } }, schema: { hide: true } as object }, async (request, reply) => {
    const p = request.principal;
    if (!p) return reply.redirect('/login', 303);
    const memberships = await deps.store.studios.listUserStudios(p.user.id);
    const active = memberships.find((m) => m.studio.id === p.studioId);
    const csrf = p.sessionId ? issueCSRFToken(deps.csrfKey, p.sessionId) : '';
    return sendPage(reply, 200, 'Home', html`<h2>Welcome, ${p.user.firstName || p.user.username}</h2>
<dl><dt>Email</dt><dd>${p.user.email}</dd><dt>Studio</dt><dd>${active ? `${active.studio.name} (${active.role})` : 'none'}</dd></dl>
<p class="muted">The API is at <code>/api/v1/</code>; <code>/api/auth/me</code> shows this session.</p>
<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="${csrf}"><button type="submit">Log out</button></form>`);
  });

  app.get('/login', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return sendPage(reply, 200, 'Log in', loginForm(null));
  });

  app.post('/login', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'] },
    schema: {
      tags: ['auth'],
      summary: 'Log in (form or JSON). Browsers are redirected to /, other clients get JSON',
      body: LoginBody,
      response: { 200: LoginResponse, 303: Type.Null(), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    const browser = prefersHtml(request);
    try {
      const user = await passwordLogin(deps, request, loginIdentifier(request.body), request.body.password, 'password');
      const result = await startCookieSession(deps, cookies, request, reply, user);
      if (browser) return reply.redirect('/', 303);
      return reply.code(200).send(result);
    } catch (err) {
      if (!browser) throw err;
      const e = describe(err);
      if (e.retryAfter !== undefined) reply.header('retry-after', String(e.retryAfter));
      if (e.status === 401) reply.header('www-authenticate', 'Bearer realm="lightbox"');
      return sendPage(reply, e.status, 'Log in', loginForm(e.code === 'invalid_credentials' ? 'Email, username or password is incorrect.' : e.message, request.body.email ?? request.body.username ?? ''));
    }
  });

  app.post('/logout', {
    config: { policy: { access: 'authenticated', permission: 'account:read' }, accepts: ['form', 'json'] },
    schema: {
      tags: ['auth'],
      summary: 'Log out from the web page (form with csrf_token, or a CSRF header)',
      // No body at all (a script sending only the CSRF header) reaches the validator as null.
      body: Type.Union([Type.Object({ csrf_token: Type.Optional(Type.String({ maxLength: 200 })) }), Type.Null()]),
      response: { 200: Type.Object({ logged_out: Type.Boolean() }), 303: Type.Null(), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    await endSession(deps, cookies, request, reply);
    if (prefersHtml(request)) return reply.redirect('/login', 303);
    return { logged_out: true };
  });

  app.get('/setup', {
    config: { policy: { access: 'public' } },
    schema: { hide: true, querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }) } as object,
  }, async (request, reply) => {
    const token = (request.query as { token?: string }).token ?? '';
    if (!(await isValidSetupToken(deps.store, token))) {
      return sendPage(reply, 403, 'Setup', html`<h2>Setup</h2><p class="error">${new AppError('setup_unavailable').message}</p><p><a href="/login">Log in</a></p>`);
    }
    return sendPage(reply, 200, 'Setup', setupForm(token, null));
  });

  app.post('/setup', {
    bodyLimit: authBodyLimit,
    config: { policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'] },
    schema: {
      tags: ['auth'],
      summary: 'Create the owner account and studio with the one-time setup token',
      body: Type.Object({
        token: Type.String({ maxLength: 200 }),
        studio_name: Type.String({ minLength: 1, maxLength: 200 }),
        email: IdentifierField,
        username: Type.String({ minLength: 1, maxLength: 64 }),
        first_name: Type.Optional(Type.String({ maxLength: 200 })),
        last_name: Type.Optional(Type.String({ maxLength: 200 })),
        password: PasswordField,
      }),
      response: { 201: LoginResponse, 303: Type.Null(), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    const body = request.body;
    const browser = prefersHtml(request);
    try {
      const user = await deps.store.transaction(async (tx) => {
        // Checked inside the transaction so two simultaneous submissions cannot both create an owner.
        if (!(await isValidSetupToken(tx, body.token))) throw new AppError('setup_unavailable');
        const { user: created } = await createAccountInStudio({ ...loginDeps(deps, request), store: tx }, {
          email: body.email, username: body.username, firstName: body.first_name ?? '', lastName: body.last_name ?? '',
          password: body.password, studioName: body.studio_name, role: 'owner',
        });
        await consumeSetupToken(tx);
        return created;
      });
      request.log.info({ event: 'setup_completed', userId: user.id }, 'security event');
      const result = await startCookieSession(deps, cookies, request, reply, user);
      if (browser) return reply.redirect('/', 303);
      return reply.code(201).send(result);
    } catch (err) {
      if (!browser) throw err;
      const e = describe(err);
      if (e.code === 'setup_unavailable') return sendPage(reply, 403, 'Setup', html`<h2>Setup</h2><p class="error">${e.message}</p>`);
      const detail = e.details ? Object.values(e.details).join(' ') : e.message;
      return sendPage(reply, e.status, 'Setup', setupForm(body.token, detail));
    }
  });
}

