// /invite/{token}: the page an invitation link opens. It names the studio and the role; a signed-in person joins with
// one button, anyone else creates an account there. A served script (assets/studio/invite.js) posts to
// POST /api/auth/invitations/accept. A link that is unknown, used, withdrawn or expired gets a page saying which.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { AppError } from '../errors.ts';
import { openInvitation, type OpenInvitation } from '../auth/invitations.ts';
import { loginKey } from '../auth/identifiers.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { html, page, type SafeHtml } from './html.ts';
import { when } from './studio-nav.ts';
import type { StudioAssets } from './studio-assets.ts';

const ROLE_WORDS: Record<string, string> = { owner: 'an owner', admin: 'an admin', member: 'a member', viewer: 'a viewer' };

const BAD_LINK: Record<string, string> = {
  invitation_invalid: 'This link is not a valid invitation. Check that you copied all of it.',
  invitation_used: 'This invitation has already been used. Each link works once.',
  invitation_revoked: 'The studio has withdrawn this invitation.',
  invitation_expired: 'This invitation has expired.',
};

/** The error page of a link that cannot be used; null for any other failure (the generic error page). */
export function invitationErrorPage(error: AppError): string | null {
  const text = BAD_LINK[error.code];
  if (text === undefined) return null;
  return page('Invitation', html`<h2>This invitation link doesn't work</h2>
<p class="error" role="alert">${text}</p>
<p class="muted">Ask the person who invited you for a new link. If you already joined, log in as usual.</p>
<p class="actions"><a href="/login">Log in</a></p>`);
}

interface Field { name: string; label: string; type?: string; autocomplete: string; required?: boolean; value?: string; readonly?: boolean; hint?: string }

function field(f: Field): SafeHtml {
  const hint = f.hint ? html`<p class="muted" id="${f.name}-hint">${f.hint}</p>` : '';
  return html`<label for="${f.name}">${f.label}</label>${hint}
<input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" autocomplete="${f.autocomplete}"${f.required ? html` required` : ''}${f.value ? html` value="${f.value}"` : ''}${f.readonly ? html` readonly` : ''}${f.hint ? html` aria-describedby="${f.name}-hint"` : ''}>
<p class="field-error" id="${f.name}-error" hidden></p>`;
}

function newAccountForm(open: OpenInvitation, minLength: number): SafeHtml {
  const bound = open.invitation.email;
  return html`<h3>Create your account</h3>
<form id="account-form" novalidate>
${field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true, ...(bound ? { value: bound, readonly: true, hint: 'This invitation is for this address.' } : {}) })}
${field({ name: 'username', label: 'Username', autocomplete: 'username', required: true })}
${field({ name: 'first_name', label: 'First name', autocomplete: 'given-name' })}
${field({ name: 'last_name', label: 'Last name', autocomplete: 'family-name' })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, hint: `At least ${minLength} characters; a passphrase of a few words works well.` })}
<button type="submit">Create account and join</button>
</form>
<p class="muted">Already have an account? <a href="/login">Log in</a>, then open this link again.</p>`;
}

function signedInPart(deps: AppDeps, p: UserPrincipal, open: OpenInvitation, alreadyMember: boolean): SafeHtml {
  const who = html`<p>You are signed in as <strong>${p.user.firstName || p.user.username}</strong> (${p.user.email}).</p>`;
  const logout = html`<form method="post" action="/logout" class="inline"><input type="hidden" name="csrf_token" value="${p.sessionId ? deps.sessions.csrfToken(p.sessionId) : ''}"><button type="submit" class="small">Log out</button></form>`;
  if (alreadyMember) return html`${who}<p class="notice" role="status">You are already a member of ${open.studio.name}.</p><p class="actions"><a href="/">Go to the studio</a></p>`;
  if (open.invitation.emailKey !== null && open.invitation.emailKey !== loginKey(p.user.email)) {
    return html`${who}<p class="error" role="alert">This invitation is for another email address. Log out, then open the link again to create an account with that address.</p>${logout}`;
  }
  return html`${who}
<button type="button" id="join">Join ${open.studio.name}</button>
<p class="muted">Not you? Log out, then open this link again.</p>${logout}`;
}

export function registerInvitePage(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  const minLength = deps.config.password.minLength;
  parent.get('/invite/:token', {
    config: { policy: { access: 'optional' }, errorPage: (_request, error) => invitationErrorPage(error) },
    schema: { tags: ['pages'], params: Type.Object({ token: Type.String({ maxLength: 200 }) }) } as object,
  }, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const open = await openInvitation(deps, token);
    const p = request.principal?.kind === 'user' ? request.principal : null;
    const alreadyMember = p !== null && (await deps.store.studios.findRole(p.user.id, open.studio.id)) !== null;
    const csrf = p?.sessionId ? deps.sessions.csrfToken(p.sessionId) : '';
    const role = ROLE_WORDS[open.invitation.role] ?? open.invitation.role;
    return sendHtml(reply, 200, page('Invitation', html`<h2>Join ${open.studio.name}</h2>
<p>You are invited to join <strong>${open.studio.name}</strong> on Lightbox as <strong>${role}</strong>.</p>
<p class="muted">This link works once, until ${when(open.invitation.expiresAt)}.</p>
<div id="page-data" data-token="${token}" data-csrf="${csrf}" hidden></div>
<p class="error" role="alert" id="problem" hidden></p>
${p ? signedInPart(deps, p, open, alreadyMember) : newAccountForm(open, minLength)}
<script src="${assets.url('invite.js')}"></script>`));
  });
}
