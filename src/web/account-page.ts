// /account: your profile (names; email and username shown), your password, your personal access tokens and (for owners
// and admins) the studio's application keys. A new token or key is shown once, with a copy button, and never again.
// Server-rendered; assets/studio/account.js sends each change to the JSON API with the CSRF header.
import type { FastifyInstance } from 'fastify';
import type { UserPrincipal } from '../auth/principal.ts';
import { PERMISSION_DESCRIPTIONS, grantedPermissions, roleAllows, type Permission } from '../auth/permissions.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import type { AccessTokenRecord, AppKeyRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav, when } from './studio-nav.ts';
import type { StudioAssets } from './studio-assets.ts';

export const ACCOUNT_PAGE = '/account';

/** What a new token may do by default: read the studio's galleries, nothing that changes anything. */
const DEFAULT_SCOPES: readonly Permission[] = ['galleries:read'];

function tokenRow(t: AccessTokenRecord, now: number): SafeHtml {
  const state = t.revokedAt !== null ? 'Revoked' : t.expiresAt !== null && t.expiresAt <= now ? 'Expired' : null;
  return html`<tr data-token="${t.id}"><td><strong>${t.name}</strong><br><code class="muted">${t.tokenPrefix}…</code></td>
<td data-label="Scopes">${t.scopes.join(', ')}</td><td data-label="Created">${when(t.createdAt)}</td>
<td data-label="Last used">${t.lastUsedAt === null ? 'Never' : when(t.lastUsedAt)}</td><td data-label="Expires">${t.expiresAt === null ? 'Never' : when(t.expiresAt)}</td>
<td>${state ?? html`<button type="button" class="small secondary revoke" data-kind="token" data-id="${t.id}" aria-label="Revoke the token ${t.name}">Revoke</button>`}</td></tr>`;
}

function keyRow(k: AppKeyRecord): SafeHtml {
  return html`<tr data-key="${k.id}"><td><strong>${k.name}</strong><br><code class="muted">${k.keyPrefix}…</code></td>
<td data-label="Created">${when(k.createdAt)}</td><td data-label="Last used">${k.lastUsedAt === null ? 'Never' : when(k.lastUsedAt)}</td>
<td>${k.revokedAt !== null ? 'Revoked' : html`<button type="button" class="small secondary revoke" data-kind="key" data-id="${k.id}" aria-label="Revoke the key ${k.name}">Revoke</button>`}</td></tr>`;
}

/** The box a new secret appears in, once. */
function secretBox(kind: 'token' | 'key'): SafeHtml {
  const what = kind === 'token' ? 'token' : 'application key';
  return html`<div id="${kind}-result" class="secret-result" hidden>
<p class="notice" role="status">The ${what} is created. Copy it now: it is shown only this once.</p>
<label for="${kind}-secret">New ${what}</label>
<div class="link-row"><input id="${kind}-secret" readonly><button type="button" class="copy" data-copy="${kind}-secret">Copy</button></div>
</div>`;
}

const passwordProof = (id: string): SafeHtml => html`<div><label for="${id}">Your password</label><input id="${id}" name="current_password" type="password" autocomplete="current-password" aria-describedby="${id}-hint"></div>`;
const proofHint = (id: string): SafeHtml => html`<p class="muted" id="${id}-hint">Your password is needed unless you logged in within the last few minutes.</p>`;

function accountPage(assets: StudioAssets, caller: UserPrincipal, csrf: string, tokens: AccessTokenRecord[], keys: AppKeyRecord[] | null, now: number, minLength: number): string {
  const u = caller.user;
  const scopes = grantedPermissions(caller.role, { hasStudio: caller.studioId !== null, scopes: null });
  const keySection = keys === null ? '' : html`<h2 class="section">Application keys</h2>
<p class="muted">Each app that calls the studio's API sends its key in <code>X-App-Key</code>. Revoking one stops that app at once.</p>
<form id="key-form" class="row"><div class="grow"><label for="key-name">App name</label><input id="key-name" name="name" required maxlength="200" placeholder="Website booking form"></div>
${passwordProof('key-password')}<button type="submit">Create key</button></form>
${proofHint('key-password')}
${secretBox('key')}
<table class="sessions spaced" id="keys"${keys.length === 0 ? html` hidden` : ''}><caption>The studio's application keys</caption>
<thead><tr><th scope="col">App</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${keys.map(keyRow)}</tbody></table>
<p class="muted" id="no-keys"${keys.length > 0 ? html` hidden` : ''}>No application keys.</p>`;
  return page('Account', html`<h2>Your account</h2>
${studioNav(ACCOUNT_PAGE)}
<div id="page-data" data-csrf="${csrf}" hidden></div>
<p class="notice" role="status" id="status" hidden></p>
<p class="error" role="alert" id="problem" tabindex="-1" hidden></p>
<form id="profile-form">
<div class="row"><div class="grow"><label for="first-name">First name</label><input id="first-name" name="first_name" autocomplete="given-name" maxlength="200" value="${u.firstName}"></div>
<div class="grow"><label for="last-name">Last name</label><input id="last-name" name="last_name" autocomplete="family-name" maxlength="200" value="${u.lastName}"></div></div>
<dl class="spaced"><dt>Email</dt><dd id="account-email">${u.email}</dd><dt>Username</dt><dd>${u.username}</dd></dl>
<button type="submit" class="secondary">Save profile</button>
</form>
<h2 class="section">Password</h2>
<form id="password-form">
<label for="current-password">Current password</label><input id="current-password" name="current_password" type="password" autocomplete="current-password" required>
<label for="new-password">New password</label><input id="new-password" name="new_password" type="password" autocomplete="new-password" required minlength="${minLength}" aria-describedby="new-password-hint">
<p class="muted" id="new-password-hint">At least ${minLength} characters. Every other session of yours ends; this browser stays signed in.</p>
<div class="check"><input type="checkbox" id="revoke-tokens" name="revoke_personal_access_tokens"><label for="revoke-tokens">Also revoke my personal access tokens</label></div>
<button type="submit" class="secondary">Change password</button>
</form>
<h2 class="section">Personal access tokens</h2>
<p class="muted">For scripts and the CLI: send one as <code>Authorization: Bearer …</code>. It can do only what its scopes allow, and never more than your role.</p>
<form id="token-form">
<div class="row"><div class="grow"><label for="token-name">Token name</label><input id="token-name" name="name" required maxlength="200" placeholder="Backup script"></div>
<div><label for="token-expiry">Expires (optional)</label><input id="token-expiry" name="expires" type="date"></div>
${passwordProof('token-password')}</div>
${proofHint('token-password')}
<fieldset><legend>Scopes</legend><ul class="client-choices">${scopes.map((s, i) => html`<li class="check"><input type="checkbox" id="scope-${i}" name="scope" value="${s}"${DEFAULT_SCOPES.includes(s) ? html` checked` : ''}><label for="scope-${i}"><code>${s}</code> <span class="muted">${PERMISSION_DESCRIPTIONS[s]}</span></label></li>`)}</ul></fieldset>
<button type="submit">Create token</button>
</form>
${secretBox('token')}
<table class="sessions spaced" id="tokens"${tokens.length === 0 ? html` hidden` : ''}><caption>Your tokens</caption>
<thead><tr><th scope="col">Token</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${tokens.map((t) => tokenRow(t, now))}</tbody></table>
<p class="muted" id="no-tokens"${tokens.length > 0 ? html` hidden` : ''}>No personal access tokens.</p>
${keySection}
${assets.pageScripts('account.js')}`, { wide: true });
}

export function registerAccountPage(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  parent.get(ACCOUNT_PAGE, { config: { policy: { access: 'optional' } }, schema: { tags: ['pages'] } as object }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    const tokens = await deps.store.accessTokens.listAccessTokens(p.user.id);
    const keys = p.studioId !== null && roleAllows(p.role, 'app_keys:manage') ? await deps.store.appKeys.listAppKeys(p.studioId) : null;
    const csrf = p.sessionId ? deps.sessions.csrfToken(p.sessionId) : '';
    return sendHtml(reply, 200, accountPage(assets, p, csrf, tokens, keys, deps.clock.now(), deps.config.password.minLength));
  });
}
