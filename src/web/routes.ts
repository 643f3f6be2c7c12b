// The studio's web pages: home, login, logout and first-run setup. Server-rendered, no external assets; a failed
// form post shows the same form again with its message (config.errorPage), through the one error renderer.
import Type from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { createAccountInStudio } from '../auth/accounts.ts';
import { consumeSetupToken, isValidSetupToken } from '../auth/setup.ts';
import type { AppDeps } from '../http/deps.ts';
import { ErrorSchema, IdentifierField, LoginBody, LoginResponse, PasswordField } from '../http/schemas.ts';
import { endSession, loginDeps, loginIdentifier, passwordLogin, startCookieSession } from '../http/login.ts';
import { prefersHtml } from '../http/negotiate.ts';
import { noticeSignIn } from '../http/sign-in-alerts.ts';
import { audit } from '../http/audit.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { APP_CSS, html, page, type SafeHtml } from './html.ts';
import { renderForm, stateAfter, type FormSpec, type FormState } from './forms.ts';
import { dashboardPage } from './dashboard-page.ts';

const HtmlOrJson = { '4xx': ErrorSchema, '5xx': ErrorSchema };

function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml): FastifyReply {
  return sendHtml(reply, status, page(title, body));
}

const LOGIN_FORM: FormSpec = {
  action: '/login',
  submit: 'Log in',
  fields: [
    { name: 'email', label: 'Email or username', autocomplete: 'username', required: true },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true },
  ],
};

function loginPage(state: FormState = {}): string {
  return page('Log in', html`<h2>Studio login</h2>
${renderForm(LOGIN_FORM, state)}
<p><a href="/password-reset">Forgot password?</a></p>
<p class="muted">A client with a gallery link? <a href="/galleries/login">Open your gallery</a>.</p>`);
}

function setupSpec(token: string, minLength: number): FormSpec {
  return {
    action: '/setup',
    submit: 'Create owner account',
    hidden: { token },
    fields: [
      { name: 'studio_name', label: 'Studio name', required: true },
      { name: 'first_name', label: 'First name', autocomplete: 'given-name' },
      { name: 'last_name', label: 'Last name', autocomplete: 'family-name' },
      { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true },
      { name: 'username', label: 'Username', autocomplete: 'username', required: true },
      { name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, hint: `At least ${minLength} characters; a passphrase of a few words works well.` },
    ],
  };
}

function setupPage(spec: FormSpec, state: FormState = {}): string {
  return page('Set up', html`<h2>Set up your studio</h2>
<p class="muted">Create the owner account. This link works once.</p>
${renderForm(spec, state)}`);
}

function setupUnavailablePage(error: AppError): string {
  return page('Set up', html`<h2>Set up</h2><p class="error" role="alert">${error.message}.</p>
<p class="muted">Setup runs once, from the link the server printed when it first started. If the studio is already set up, log in.</p>
<p class="actions"><a href="/login">Log in</a></p>`);
}

/** The body a form post carried, if it got as far as being parsed (a body over the limit never is). */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export function registerWebRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const authBodyLimit = deps.config.server.authBodyLimit;
  const minLength = deps.config.password.minLength;

  app.get('/assets/app.css', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(APP_CSS);
  });

  app.get('/', {
    config: { policy: { access: 'optional' } },
    schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), sort: Type.Optional(Type.String({ maxLength: 20 })), page: Type.Optional(Type.String({ maxLength: 10 })) }) } as object,
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    return sendHtml(reply, 200, await dashboardPage(deps, p, request.query as { q?: string; sort?: string; page?: string }));
  });

  app.get('/login', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return sendHtml(reply, 200, loginPage());
  });

  app.post('/login', {
    bodyLimit: authBodyLimit,
    config: {
      policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'],
      errorPage: (request, error) => {
        const body = bodyOf(request);
        const message = error.code === 'invalid_credentials' ? 'Email, username or password is incorrect.' : undefined;
        // A username login keeps what was typed in the one identifier field the form has.
        const values = { ...body, email: body.email ?? body.username };
        return loginPage(stateAfter(error, values, LOGIN_FORM, message ? { message } : {}));
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Log in (form or JSON). Browsers are redirected to /, other clients get JSON',
      body: LoginBody,
      response: { 200: LoginResponse, 303: Type.Null(), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    const user = await passwordLogin(deps, request, loginIdentifier(request.body), request.body.password, 'password');
    await noticeSignIn(deps, request, user);
    const result = await startCookieSession(deps, request, reply, user);
    if (prefersHtml(request)) return reply.redirect('/', 303);
    return reply.code(200).send(result);
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
    await endSession(deps, request, reply);
    if (prefersHtml(request)) return reply.redirect('/login', 303);
    return { logged_out: true };
  });

  app.get('/setup', {
    config: { policy: { access: 'public' }, errorPage: (_request, error) => (error.code === 'setup_unavailable' ? setupUnavailablePage(error) : null) },
    schema: { hide: true, querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }) } as object,
  }, async (request, reply) => {
    const token = (request.query as { token?: string }).token ?? '';
    if (!(await isValidSetupToken(deps.store, token))) throw new AppError('setup_unavailable');
    return sendHtml(reply, 200, setupPage(setupSpec(token, minLength)));
  });

  app.post('/setup', {
    bodyLimit: authBodyLimit,
    config: {
      policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'],
      errorPage: (request, error) => {
        if (error.code === 'setup_unavailable') return setupUnavailablePage(error);
        const body = bodyOf(request);
        const spec = setupSpec(typeof body.token === 'string' ? body.token : '', minLength);
        return setupPage(spec, stateAfter(error, body, spec));
      },
    },
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
    audit(deps, request, 'setup_completed', { userId: user.id });
    const result = await startCookieSession(deps, request, reply, user);
    if (prefersHtml(request)) return reply.redirect('/', 303);
    return reply.code(201).send(result);
  });
}
