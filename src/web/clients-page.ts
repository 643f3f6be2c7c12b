// /studio/clients: the studio's clients and leads (the Studio API's clients), each with the collections whose client
// list names them, and (for roles that may) a form to add one and a two-step delete. Server-rendered; a search is a
// plain GET form. assets/studio/clients.js sends the changes to the JSON API with the CSRF header.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { roleAllows } from '../auth/permissions.ts';
import { loginKey } from '../auth/identifiers.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import type { ClientRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav, when } from './studio-nav.ts';
import type { StudioAssets } from './studio-assets.ts';

export const CLIENTS_PAGE = '/studio/clients';
/** Clients per page of the list (newest first). */
const PER_PAGE = 100;

const fullName = (c: ClientRecord): string => `${c.firstName} ${c.lastName}`.trim();

function clientRow(c: ClientRecord, collections: Array<{ id: string; name: string }>, canWrite: boolean): SafeHtml {
  const name = fullName(c) || c.email;
  return html`<tr data-client="${c.id}"><td><strong>${name}</strong>${fullName(c) ? html`<br><span class="muted">${c.email}</span>` : ''}</td>
<td data-label="Type">${c.type === 'lead' ? 'Lead' : 'Client'}${c.statusName ? html` <span class="muted">(${c.statusName})</span>` : ''}</td>
<td data-label="Collections">${collections.length === 0 ? html`<span class="muted">None</span>` : html`<ul class="inline-list">${collections.map((co) => html`<li><a href="/studio/collections/${co.id}">${co.name}</a></li>`)}</ul>`}</td>
<td data-label="Added">${when(c.createdAt)}</td>
<td>${canWrite ? html`<button type="button" class="small secondary delete-client" data-client="${c.id}" aria-label="Delete ${name}">Delete</button>` : ''}</td></tr>`;
}

export function registerClientsPage(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  parent.get(CLIENTS_PAGE, {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) }) } as object,
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    if (p.studioId === null || !roleAllows(p.role, 'clients:read')) {
      return sendHtml(reply, 200, page('Clients', html`<h2>Clients</h2>${studioNav(CLIENTS_PAGE)}<p class="muted">You are not working in a studio right now.</p>`));
    }
    const query = request.query as { q?: string; page?: number };
    const q = (query.q ?? '').trim();
    const pageNo = query.page ?? 1;
    const { items, total } = await deps.store.clients.listClients(p.studioId, { types: null, search: q === '' ? null : q }, { limit: PER_PAGE, offset: (pageNo - 1) * PER_PAGE });
    // One query for every client's collections on this page, whatever their number.
    const collections = await deps.store.collections.listCollectionsOfEmails(p.studioId, items.map((c) => loginKey(c.email)));
    const canWrite = roleAllows(p.role, 'clients:write');
    const csrf = p.sessionId ? deps.sessions.csrfToken(p.sessionId) : '';
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const nav = pages > 1 ? html`<p class="muted">Page ${pageNo} of ${pages}${pageNo > 1 ? html` · <a href="?page=${pageNo - 1}${q ? `&q=${encodeURIComponent(q)}` : ''}">Previous</a>` : ''}${pageNo < pages ? html` · <a href="?page=${pageNo + 1}${q ? `&q=${encodeURIComponent(q)}` : ''}">Next</a>` : ''}</p>` : '';
    return sendHtml(reply, 200, page('Clients', html`<h2>Clients</h2>
${studioNav(CLIENTS_PAGE)}
<div id="page-data" data-csrf="${csrf}" hidden></div>
<p class="notice" role="status" id="status" hidden></p>
<p class="error" role="alert" id="problem" tabindex="-1" hidden></p>
<form method="get" action="${CLIENTS_PAGE}" class="row" role="search"><div class="grow"><label for="client-search">Search by name or email</label><input id="client-search" name="q" type="search" value="${q}"></div><button type="submit" class="secondary">Search</button></form>
${canWrite ? html`<h3 class="section">Add a client</h3>
<form id="client-form" class="row">
<div class="grow"><label for="client-email">Email</label><input id="client-email" name="email" type="email" required maxlength="320" autocomplete="off"></div>
<div><label for="client-first">First name</label><input id="client-first" name="first_name" maxlength="200" autocomplete="off"></div>
<div><label for="client-last">Last name</label><input id="client-last" name="last_name" maxlength="200" autocomplete="off"></div>
<div><label for="client-type">Type</label><select id="client-type" name="type"><option value="client">Client</option><option value="lead">Lead</option></select></div>
<button type="submit">Add client</button>
</form>` : ''}
<table class="sessions spaced" id="clients"${items.length === 0 ? html` hidden` : ''}><caption>${q ? `Clients matching “${q}”` : 'The studio’s clients'} (${total})</caption>
<thead><tr><th scope="col">Client</th><th scope="col">Type</th><th scope="col">Collections</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${items.map((c) => clientRow(c, collections.get(loginKey(c.email)) ?? [], canWrite))}</tbody></table>
<p class="muted" id="no-clients"${items.length > 0 ? html` hidden` : ''}>${q ? 'No client matches that search.' : 'No clients yet.'}</p>
${nav}
<p class="muted">A client’s collections are those whose client list has their email: set it on the collection’s page.</p>
${assets.pageScripts('clients.js')}`, { wide: true }));
  });
}
