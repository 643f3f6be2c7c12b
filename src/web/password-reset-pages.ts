// The password-reset pages: /password-reset asks for a link, /password-reset/complete sets the new password. Plain
// forms under the same cross-site check as /login; failures render as the page's own messages. The link carries the
// token in its fragment, which browsers never send: a small same-origin script copies it into the form's hidden field
// (and drops it from the address bar), and the form POSTs it.
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppError } from '../errors.ts';
import type { AppDeps } from '../http/deps.ts';
import { ErrorSchema } from '../http/schemas.ts';
import { prefersHtml } from '../http/negotiate.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { RESET_REQUESTED_MESSAGE, finishPasswordReset, requestPasswordReset } from '../http/password-reset.ts';
import { ResetCompleteBody, ResetRequestBody } from '../http/routes/password-reset.ts';
import { describeWait, renderForm, stateAfter, type FormSpec, type FormState } from './forms.ts';
import { html, page } from './html.ts';

const HtmlOrJson = { '4xx': ErrorSchema, '5xx': ErrorSchema };

const REQUEST_FORM: FormSpec = {
  action: '/password-reset',
  submit: 'Send reset link',
  fields: [{ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }],
};

function completeForm(token: string, minLength: number): FormSpec {
  return {
    action: '/password-reset/complete',
    submit: 'Set new password',
    hidden: { token },
    fields: [{ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: `At least ${minLength} characters; a passphrase of a few words works well.` }],
  };
}

/** Reads the token from the link's fragment into the form, then takes it out of the address bar and history. */
const COMPLETE_SCRIPT = `(function () {
  var m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  var field = document.querySelector('input[name="token"]');
  if (m && field) {
    field.value = m[1];
    history.replaceState(null, '', window.location.pathname);
  }
  if (field && !field.value) {
    var note = document.getElementById('no-token');
    if (note) note.hidden = false;
  }
})();
`;

function requestPage(state: FormState = {}): string {
  return page('Reset password', html`<h2>Reset your password</h2>
<p class="muted">Enter the email address of your studio account. We'll send a link to choose a new password.</p>
${renderForm(REQUEST_FORM, state)}
<p class="actions"><a href="/login">Back to log in</a></p>`);
}

function requestedPage(): string {
  return page('Reset password', html`<h2>Check your email</h2>
<p class="notice" role="status">${RESET_REQUESTED_MESSAGE}</p>
<p class="muted">Nothing arrived? Check your spam folder, or ask again in a few minutes.</p>
<p class="actions"><a href="/login">Back to log in</a></p>`);
}

function completePage(spec: FormSpec, state: FormState = {}): string {
  return page('Choose a new password', html`<h2>Choose a new password</h2>
<p class="error" role="alert" id="no-token" hidden>This page needs the link from the email. Open the link again, or <a href="/password-reset">ask for a new one</a>.</p>
<noscript><p class="error">This page needs JavaScript to read the link from the email.</p></noscript>
${renderForm(spec, state)}
<p class="muted">Setting a new password signs you out everywhere.</p>
<script src="/assets/password-reset.js"></script>`);
}

function linkInvalidPage(error: AppError): string {
  return page('Choose a new password', html`<h2>This link no longer works</h2>
<p class="error" role="alert">${error.message}.</p>
<p class="muted">A reset link works once, for a limited time, and a newer one replaces it.</p>
<p class="actions"><a href="/password-reset">Ask for a new link</a></p>`);
}

function donePage(): string {
  return page('Password changed', html`<h2>Your password has been changed</h2>
<p class="notice" role="status">Every session of your account has been signed out. Log in with your new password.</p>
<p class="actions"><a href="/login">Log in</a></p>`);
}

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export function registerPasswordResetPages(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const bodyLimit = deps.config.server.authBodyLimit;
  const minLength = deps.config.password.minLength;

  app.get('/assets/password-reset.js', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(COMPLETE_SCRIPT);
  });

  app.get('/password-reset', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return sendHtml(reply, 200, requestPage());
  });

  app.post('/password-reset', {
    bodyLimit,
    config: {
      policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'],
      errorPage: (request, error) => requestPage(stateAfter(error, bodyOf(request), REQUEST_FORM,
        error.code === 'too_many_attempts' ? { message: `Too many reset requests. Try again in ${describeWait(error.retryAfter ?? 1)}.` } : {})),
    },
    schema: {
      tags: ['auth'],
      summary: 'Ask for a password-reset link from the web page (form); the same neutral answer as the API',
      body: ResetRequestBody,
      response: { 202: Type.Object({ message: Type.String() }), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    await requestPasswordReset(deps, request, reply, request.body.email);
    if (prefersHtml(request)) return sendHtml(reply, 200, requestedPage());
    return reply.code(202).send({ message: RESET_REQUESTED_MESSAGE });
  });

  app.get('/password-reset/complete', { config: { policy: { access: 'public' } }, schema: { hide: true } as object }, async (_request, reply) => {
    return sendHtml(reply, 200, completePage(completeForm('', minLength)));
  });

  app.post('/password-reset/complete', {
    bodyLimit,
    config: {
      policy: { access: 'public', crossSiteCheck: true }, accepts: ['form', 'json'],
      errorPage: (request, error) => {
        if (error.code === 'reset_link_invalid') return linkInvalidPage(error);
        const body = bodyOf(request);
        const spec = completeForm(typeof body.token === 'string' ? body.token : '', minLength);
        return completePage(spec, stateAfter(error, body, spec));
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Set a new password from the web page (form with the token from the link)',
      body: ResetCompleteBody,
      response: { 200: Type.Object({ password_reset: Type.Boolean() }), ...HtmlOrJson },
    },
  }, async (request, reply) => {
    await finishPasswordReset(deps, request, request.body.token, request.body.password, { revokeAccessTokens: request.body.revoke_personal_access_tokens === true });
    if (prefersHtml(request)) return sendHtml(reply, 200, donePage());
    return { password_reset: true };
  });
}
