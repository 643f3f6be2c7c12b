// /account/security: where you are signed in, with "end" per session and "sign out everywhere else", and the
// new-sign-in alert switch. Plain forms (CSRF token in a hidden field), the same work as the account API
// (src/http/account.ts, src/http/sign-in-alerts.ts).
import Type from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { UserPrincipal } from '../auth/principal.ts';
import type { AppDeps } from '../http/deps.ts';
import { endCredential, listCredentials, revokeOtherCredentials, type AccountCredential } from '../http/account.ts';
import { jarOf } from '../http/login.ts';
import { audit } from '../http/audit.ts';
import { changeSignInAlerts } from '../http/sign-in-alerts.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { html, page, type SafeHtml } from './html.ts';

const PAGE = '/account/security';

const KIND_LABEL: Record<AccountCredential['kind'], string> = {
  cookie: 'Browser session', token: 'API token (token mode)', jwt: 'JWT sign-in', personal_access_token: 'Personal access token',
};

const NOTICES: Record<string, string> = {
  ended: 'That session has ended. It is signed out everywhere at once.',
  revoked: 'That personal access token is revoked.',
  others: 'Every other session has ended.',
  'alerts-on': 'Sign-in alerts are on: a sign-in from a new device will be mailed to you.',
  'alerts-off': 'Sign-in alerts are off.',
};

/** "4 Dec 2026, 07:02 UTC": a time a person reads at a glance. */
function when(isoTime: string | null): string {
  if (isoTime === null) return '—';
  return new Date(isoTime).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
}

function endButton(csrf: string, c: AccountCredential): SafeHtml {
  const label = c.current ? 'Sign out' : c.kind === 'personal_access_token' ? 'Revoke' : 'End';
  const what = c.kind === 'personal_access_token' ? `token ${c.name ?? ''}` : `session on ${c.device ?? 'an unknown device'}`;
  return html`<form method="post" action="${PAGE}/end" class="inline">
<input type="hidden" name="csrf_token" value="${csrf}"><input type="hidden" name="id" value="${c.id}">
<button type="submit" class="small" aria-label="${label} ${what}">${label}</button></form>`;
}

function row(csrf: string, c: AccountCredential): SafeHtml {
  const title = c.kind === 'personal_access_token' ? c.name ?? 'token' : c.device ?? 'Unknown device';
  return html`<tr${c.current ? html` class="current"` : ''}>
<td><strong>${title}</strong>${c.current ? html` <span class="badge">This browser</span>` : ''}<br><span class="muted">${KIND_LABEL[c.kind]}</span></td>
<td data-label="Address">${c.client_address ?? '—'}</td><td data-label="Signed in">${when(c.created_at)}</td><td data-label="Last active">${when(c.last_seen_at)}</td>
<td>${endButton(csrf, c)}</td></tr>`;
}

function table(caption: string, csrf: string, items: AccountCredential[]): SafeHtml {
  if (items.length === 0) return html`<p class="muted">No ${caption.toLowerCase()}.</p>`;
  return html`<table class="sessions"><caption>${caption}</caption>
<thead><tr><th scope="col">Device</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last active</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${items.map((c) => row(csrf, c))}</tbody></table>`;
}

function alertsForm(csrf: string, alerts: boolean): SafeHtml {
  return html`<h2 class="section">Sign-in alerts</h2>
<form method="post" action="${PAGE}/sign-in-alerts">
<input type="hidden" name="csrf_token" value="${csrf}">
<label class="check"><input type="checkbox" name="notify_new_sign_in" value="true"${alerts ? html` checked` : ''}> Email me when my password is used to sign in from a browser or network I have not used in the last 90 days</label>
<button type="submit">Save</button>
</form>`;
}

function securityPage(csrf: string, items: AccountCredential[], notice: string | undefined, alerts: boolean): string {
  const sessions = items.filter((c) => c.kind !== 'personal_access_token');
  const tokens = items.filter((c) => c.kind === 'personal_access_token');
  const others = sessions.filter((c) => !c.current).length;
  return page('Security', html`<h2>Where you're signed in</h2>
${notice && NOTICES[notice] ? html`<p class="notice" role="status">${NOTICES[notice]}</p>` : ''}
${table('Sessions', csrf, sessions)}
<form method="post" action="${PAGE}/revoke-others">
<input type="hidden" name="csrf_token" value="${csrf}">
<label class="check"><input type="checkbox" name="include_personal_access_tokens" value="true"> Also revoke my personal access tokens</label>
<button type="submit"${others === 0 && tokens.length === 0 ? html` disabled` : ''}>Sign out everywhere else</button>
</form>
<h2 class="section">Personal access tokens</h2>
${table('Personal access tokens', csrf, tokens)}
${alertsForm(csrf, alerts)}
<p class="actions"><a href="/">Back to the studio</a></p>`, { wide: true });
}

function userOf(request: FastifyRequest): UserPrincipal | null {
  const p = request.principal;
  return p?.kind === 'user' ? p : null;
}

const back = (reply: FastifyReply, notice: string): FastifyReply => reply.redirect(`${PAGE}?notice=${notice}`, 303);

export function registerAccountPages(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(PAGE, {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], summary: 'The security page: where you are signed in, with sign-out buttons (HTML)', querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) },
  }, async (request, reply) => {
    const p = userOf(request);
    if (!p) return reply.redirect('/login', 303);
    const csrf = p.sessionId ? deps.sessions.csrfToken(p.sessionId) : '';
    const alerts = await deps.store.signIns.findSignInAlerts(p.user.id);
    return sendHtml(reply, 200, securityPage(csrf, await listCredentials(deps, p), (request.query as { notice?: string }).notice, alerts));
  });

  app.post(`${PAGE}/end`, {
    config: { policy: { access: 'authenticated', permission: 'account:read' }, accepts: ['form'] },
    schema: { tags: ['pages'], summary: 'End one session or token from the security page (form with csrf_token); redirects back', body: Type.Object({ csrf_token: Type.Optional(Type.String({ maxLength: 200 })), id: Type.String({ maxLength: 64 }) }) } as object,
  }, async (request, reply) => {
    const p = userOf(request)!;
    const { id } = request.body as { id: string };
    const current = (await listCredentials(deps, p)).some((c) => c.current && c.id === id);
    const kind = await endCredential(deps, p, id);
    audit(deps, request, kind === 'session' ? 'session_revoked' : 'access_token_revoked', { userId: p.user.id, credential: id });
    if (current) {
      deps.sessions.clearStudioCookies(jarOf(deps, request, reply));
      return reply.redirect('/login', 303);
    }
    return back(reply, kind === 'session' ? 'ended' : 'revoked');
  });

  app.post(`${PAGE}/sign-in-alerts`, {
    config: { policy: { access: 'authenticated', permission: 'account:read' }, accepts: ['form'] },
    schema: { tags: ['pages'], summary: 'Turn new-sign-in alerts on or off from the security page (form with csrf_token); redirects back', body: Type.Object({ csrf_token: Type.Optional(Type.String({ maxLength: 200 })), notify_new_sign_in: Type.Optional(Type.Literal('true')) }) } as object,
  }, async (request, reply) => {
    const p = userOf(request)!;
    const enabled = (request.body as { notify_new_sign_in?: string }).notify_new_sign_in === 'true';
    await changeSignInAlerts(deps, request, p, enabled);
    return back(reply, enabled ? 'alerts-on' : 'alerts-off');
  });

  app.post(`${PAGE}/revoke-others`, {
    config: { policy: { access: 'authenticated', permission: 'account:read' }, accepts: ['form'] },
    schema: { tags: ['pages'], summary: 'Sign out everywhere else from the security page (form with csrf_token); redirects back', body: Type.Object({ csrf_token: Type.Optional(Type.String({ maxLength: 200 })), include_personal_access_tokens: Type.Optional(Type.Literal('true')) }) } as object,
  }, async (request, reply) => {
    const p = userOf(request)!;
    const include = (request.body as { include_personal_access_tokens?: string }).include_personal_access_tokens === 'true';
    const { sessionsEnded, tokensRevoked } = await revokeOtherCredentials(deps, p, include);
    audit(deps, request, 'sessions_revoked_others', { userId: p.user.id, sessionsEnded, tokensRevoked });
    return back(reply, 'others');
  });
}
