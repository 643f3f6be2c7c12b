// /studio/audit: the studio's audit log for its owners and admins, newest first, filtered by person, kind and dates,
// a page at a time by cursor (the same query as GET /api/v1/audit-events). A plain GET form: it works without scripts.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { roleAllows } from '../auth/permissions.ts';
import type { AuditEventRecord, StudioMember } from '../store/types.ts';
import type { AppDeps } from '../http/deps.ts';
import { describeUserAgent } from '../http/account.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { auditEventsPage } from '../http/routes/audit-events.ts';
import { listMembers } from '../api/members/membership.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav, when } from './studio-nav.ts';

export const AUDIT_PAGE = '/studio/audit';
const PER_PAGE = 50;

/** Kinds offered as suggestions in the filter; any recorded kind can be typed. */
const COMMON_KINDS = [
  'login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed', 'password_reset_completed', 'session_revoked',
  'access_token_created', 'access_token_revoked', 'app_key_created', 'app_key_revoked', 'member_invited', 'invitation_accepted',
  'member_role_changed', 'member_removed', 'ownership_transferred', 'studio_switched', 'refresh_token_reuse', 'gallery_login_succeeded',
  'gallery_login_failed', 'download',
];

const Query = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(Type.String({ maxLength: 100 })),
  since: Type.Optional(Type.String({ maxLength: 10 })),
  until: Type.Optional(Type.String({ maxLength: 10 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
type AuditPageQuery = { actor?: string; kind?: string; since?: string; until?: string; cursor?: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date from the form ("2026-12-04", UTC); "until" includes its whole day. */
function day(value: string | undefined, field: 'since' | 'until'): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!DAY.test(value) || Number.isNaN(Date.parse(value))) throw new AppError('validation_failed', undefined, { details: { [field]: 'must be a date (YYYY-MM-DD)' } });
  return field === 'since' ? value : new Date(Date.parse(value) + 86_400_000).toISOString();
}

function personOf(members: Map<string, StudioMember>, id: string | null): SafeHtml {
  if (id === null) return html`<span class="muted">nobody signed in</span>`;
  const m = members.get(id);
  if (!m) return html`<span class="muted">${id}</span>`;
  const name = `${m.user.firstName} ${m.user.lastName}`.trim() || m.user.username;
  return html`${name}<br><span class="muted">${m.user.email}</span>`;
}

function detailsOf(e: AuditEventRecord): SafeHtml {
  const parts = Object.entries(e.data).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return html`${parts.join(', ')}`;
}

function row(members: Map<string, StudioMember>, e: AuditEventRecord): SafeHtml {
  const device = describeUserAgent(e.userAgent);
  return html`<tr><td data-label="When">${when(e.createdAt)}</td><td data-label="Event"><code>${e.kind}</code></td>
<td data-label="Who">${personOf(members, e.actorId)}</td>
<td data-label="From">${e.clientIp ?? ''}${device ? html`<br><span class="muted">${device}</span>` : ''}</td>
<td data-label="Details" class="details">${detailsOf(e)}</td></tr>`;
}

function filterForm(q: AuditPageQuery, members: StudioMember[]): SafeHtml {
  const people = members.map((m) => {
    const name = `${m.user.firstName} ${m.user.lastName}`.trim() || m.user.username;
    return html`<option value="${m.user.id}"${q.actor === m.user.id ? html` selected` : ''}>${name}</option>`;
  });
  return html`<form method="get" action="${AUDIT_PAGE}" class="filters" role="search" aria-label="Filter the audit log">
<div class="row">
<div><label for="audit-actor">Person</label><select id="audit-actor" name="actor"><option value="">Anyone</option>${people}</select></div>
<div class="grow"><label for="audit-kind">Event</label><input id="audit-kind" name="kind" list="audit-kinds" value="${q.kind ?? ''}" placeholder="login_failed, logout" autocomplete="off">
<datalist id="audit-kinds">${COMMON_KINDS.map((k) => html`<option value="${k}"></option>`)}</datalist></div>
<div><label for="audit-since">From</label><input id="audit-since" name="since" type="date" value="${q.since ?? ''}"></div>
<div><label for="audit-until">Through</label><input id="audit-until" name="until" type="date" value="${q.until ?? ''}"></div>
<button type="submit">Show</button>
</div></form>`;
}

function nextLink(q: AuditPageQuery, cursor: string): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'kind', 'since', 'until'] as const) if (q[key]) params.set(key, q[key] as string);
  params.set('cursor', cursor);
  return `${AUDIT_PAGE}?${params.toString()}`;
}

export function registerAuditPage(parent: FastifyInstance, deps: AppDeps): void {
  parent.get(AUDIT_PAGE, {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], querystring: Query } as object,
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    if (p.studioId === null || !roleAllows(p.role, 'audit:read')) {
      return sendHtml(reply, 200, page('Audit log', html`<h2>Audit log</h2>${studioNav(AUDIT_PAGE)}<p class="muted">Only a studio's owners and admins see its audit log.</p>`));
    }
    const q = request.query as AuditPageQuery;
    let problem: string | null = null;
    let since: string | undefined;
    let until: string | undefined;
    try {
      since = day(q.since, 'since');
      until = day(q.until, 'until');
    } catch {
      problem = 'Enter the dates as a day (YYYY-MM-DD), or leave them empty.';
    }
    const { events, nextCursor } = problem !== null
      ? { events: [], nextCursor: null }
      : await auditEventsPage(deps, p.studioId, { actor: q.actor, kind: q.kind, since, until, cursor: q.cursor, limit: PER_PAGE });
    const members = await listMembers(deps, p.studioId);
    const byId = new Map(members.map((m) => [m.user.id, m]));
    const filtered = Boolean(q.actor || q.kind || q.since || q.until);
    const body = html`<h2>Audit log</h2>
${studioNav(AUDIT_PAGE)}
<p class="muted">Sign-ins, credentials, members and gallery access in this studio, newest first. Kept for ${deps.config.audit.retentionDays} days.</p>
${problem !== null ? html`<p class="error" role="alert" id="problem">${problem}</p>` : ''}
${filterForm(q, members)}
${events.length === 0
    ? (problem !== null ? '' : html`<p class="muted spaced" id="no-events">${filtered ? 'No event matches these filters.' : 'Nothing recorded yet.'}</p>`)
    : html`<table class="sessions spaced" id="audit-events"><caption>${q.cursor ? 'Older events' : 'Latest events'}</caption>
<thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Who</th><th scope="col">From</th><th scope="col">Details</th></tr></thead>
<tbody>${events.map((e) => row(byId, e))}</tbody></table>`}
<p class="spaced">${q.cursor ? html`<a href="${AUDIT_PAGE}">Newest</a> · ` : ''}${nextCursor ? html`<a href="${nextLink(q, nextCursor)}" id="older" rel="next">Older events</a>` : ''}</p>`;
    return sendHtml(reply, 200, page('Audit log', body, { wide: true }));
  });
}
