// /studio/members: the studio's people with their roles, and (for owners and admins) role changes, removal, pending
// invitations and the invite form. Server-rendered; a served script (assets/studio/members.js) sends each change to
// the JSON API with the CSRF header and shows a new invitation's link once, with a copy button.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { UserPrincipal } from '../auth/principal.ts';
import { roleAllows } from '../auth/permissions.ts';
import { ROLES, type Role } from '../store/schema.ts';
import type { InvitationRecord, StudioMember } from '../store/types.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { listMembers } from '../api/members/membership.ts';
import { listInvitations } from '../api/invitations/service.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav, when } from './studio-nav.ts';
import type { StudioAssets } from './studio-assets.ts';

export const MEMBERS_PAGE = '/studio/members';

const NOTICES: Record<string, string> = {
  role_changed: 'The role is changed. It applies to their very next request.',
  removed: 'The member is removed. Their sessions in this studio have ended.',
  transferred: 'Ownership is transferred. You are now an admin.',
};

const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' };

const nameOf = (m: StudioMember): string => `${m.user.firstName} ${m.user.lastName}`.trim() || m.user.username;

/** The roles a caller may hand out: an admin never makes an owner. */
function grantable(caller: UserPrincipal): readonly Role[] {
  return caller.role === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
}

function roleOptions(roles: readonly Role[], selected: Role | null): SafeHtml[] {
  return roles.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${ROLE_LABELS[r]}</option>`);
}

function memberRow(caller: UserPrincipal, manage: boolean, m: StudioMember): SafeHtml {
  const self = m.user.id === caller.user.id;
  // An admin sees an owner's role, and cannot change it or remove them.
  const editable = manage && (caller.role === 'owner' || m.role !== 'owner');
  const name = nameOf(m);
  const role = editable
    ? html`<form class="inline role-form" data-user="${m.user.id}" data-name="${name}">
<label class="visually-hidden" for="role-${m.user.id}">Role of ${name}</label>
<select id="role-${m.user.id}" name="role">${roleOptions(grantable(caller), m.role)}</select>
<button type="submit" class="small">Save</button></form>`
    : html`${ROLE_LABELS[m.role]}`;
  const action = editable && !self
    ? html`<button type="button" class="small remove" data-user="${m.user.id}" data-name="${name}" aria-label="Remove ${name}">Remove</button>`
    : '';
  return html`<tr data-user="${m.user.id}">
<td><strong>${name}</strong>${self ? html` <span class="badge">You</span>` : ''}<br><span class="muted">${m.user.email}</span></td>
<td data-label="Role">${role}</td><td data-label="Joined">${when(m.joinedAt)}</td><td>${action}</td></tr>`;
}

function invitationRow(i: InvitationRecord, canRevoke: boolean): SafeHtml {
  const who = i.email ?? 'Anyone with the link';
  return html`<tr data-invitation="${i.id}"><td>${who}</td><td data-label="Role">${ROLE_LABELS[i.role]}</td><td data-label="Expires">${when(i.expiresAt)}</td>
<td>${canRevoke ? html`<button type="button" class="small revoke" data-invitation="${i.id}" aria-label="Withdraw the invitation for ${who}">Withdraw</button>` : ''}</td></tr>`;
}

function invitationsSection(caller: UserPrincipal, invitations: InvitationRecord[]): SafeHtml {
  const rows = invitations.map((i) => invitationRow(i, caller.role === 'owner' || i.role !== 'owner'));
  return html`<h2 class="section">Invite someone</h2>
<form id="invite-form">
<p class="muted" id="invite-email-hint">With an email address, only that person can accept, and the link is mailed to them. Without one, anyone you give the link to can join.</p>
<div class="row">
<div class="grow"><label for="invite-email">Email (optional)</label>
<input id="invite-email" name="email" type="email" autocomplete="off" aria-describedby="invite-email-hint"></div>
<div><label for="invite-role">Role</label>
<select id="invite-role" name="role">${roleOptions(grantable(caller), 'member')}</select></div>
<button type="submit">Create invitation link</button>
</div>
</form>
<div id="invite-result" hidden>
<p class="notice" role="status">Invitation created. Copy the link now: it is shown only this once.</p>
<label for="invite-link">Invitation link</label>
<div class="link-row"><input id="invite-link" readonly><button type="button" id="copy-link">Copy link</button></div>
</div>
<table class="sessions spaced" id="invitations"${invitations.length === 0 ? html` hidden` : ''}><caption>Pending invitations</caption>
<thead><tr><th scope="col">For</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="muted spaced" id="no-invitations"${invitations.length > 0 ? html` hidden` : ''}>No pending invitations.</p>`;
}

function membersPage(deps: AppDeps, assets: StudioAssets, caller: UserPrincipal, studioName: string, members: StudioMember[], invitations: InvitationRecord[] | null, notice: string | undefined): string {
  const manage = roleAllows(caller.role, 'members:manage');
  const csrf = caller.sessionId ? deps.sessions.csrfToken(caller.sessionId) : '';
  return page('Members', html`<h2>Members of ${studioName}</h2>
${studioNav(MEMBERS_PAGE)}
<div id="page-data" data-csrf="${csrf}" hidden></div>
<p class="notice" role="status" id="status"${notice && NOTICES[notice] ? '' : html` hidden`}>${notice ? NOTICES[notice] ?? '' : ''}</p>
<p class="error" role="alert" id="problem" hidden></p>
<table class="sessions" id="members"><caption>People in this studio</caption>
<thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${members.map((m) => memberRow(caller, manage, m))}</tbody></table>
<p class="muted"><a href="/api/redoc#tag/members">What each role may do</a></p>
${invitations !== null ? invitationsSection(caller, invitations) : ''}
<h2 class="section">Leave this studio</h2>
<p class="muted">You lose access at once and are signed out of this studio. A studio's last owner cannot leave.</p>
<button type="button" id="leave" class="secondary" data-name="${studioName}">Leave ${studioName}</button>
${assets.pageScripts('members.js')}`, { wide: true });
}

export function registerMembersPage(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  parent.get(MEMBERS_PAGE, {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], querystring: Type.Object({ notice: Type.Optional(Type.String({ maxLength: 20 })) }) } as object,
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    if (p.studioId === null || !roleAllows(p.role, 'members:read')) {
      return sendHtml(reply, 200, page('Members', html`<h2>Members</h2>${studioNav(MEMBERS_PAGE)}<p class="muted">You are not working in a studio right now.</p>`));
    }
    const studio = await deps.store.studios.findStudioById(p.studioId);
    const members = await listMembers(deps, p.studioId);
    const invitations = roleAllows(p.role, 'members:manage') ? await listInvitations(deps, p.studioId) : null;
    return sendHtml(reply, 200, membersPage(deps, assets, p, studio?.name ?? 'this studio', members, invitations, (request.query as { notice?: string }).notice));
  });
}
