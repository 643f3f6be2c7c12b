// The studio's home (`/`): its collections as cards with the cover, the photo count, the status (draft, published,
// expired) and what clients did (visits, favorites, downloads), with a search and a sort that work as a plain GET form
// (no script needed), over all of the studio's collections, then shown a page of cards at a time. Each card opens the
// collection's page; "New collection" starts one.
import type { UserPrincipal } from '../auth/principal.ts';
import { roleAllows } from '../auth/permissions.ts';
import type { AppDeps } from '../http/deps.ts';
import { statusOf, type CollectionStatus } from '../api/collections/schemas.ts';
import { COLLECTION_SEARCH_MAX, matchingCollections, type CollectionSort } from '../api/collections/search.ts';
import type { ActivityTotals, CollectionRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav } from './studio-nav.ts';

/** Collection cards per dashboard page; the search and sort run over all of the studio's collections first. */
export const DASHBOARD_PAGE_SIZE = 48;

export const DASHBOARD_SORTS: Record<CollectionSort, string> = { recent: 'Newest first', name: 'Name (A to Z)', event: 'Event date (latest first)' };

export const STATUS_LABELS: Record<CollectionStatus, string> = { draft: 'Draft', published: 'Published', expired: 'Expired' };

export function statusBadge(status: CollectionStatus): SafeHtml {
  return html`<span class="badge status-${status}">${STATUS_LABELS[status]}</span>`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function card(c: CollectionRecord, totals: ActivityTotals, now: number): SafeHtml {
  const cover = c.coverPhotoId === null
    ? html`<div class="cover placeholder" aria-hidden="true"></div>`
    : html`<img class="cover" src="/api/v1/photos/${c.coverPhotoId}/thumbnail" alt="" loading="lazy" decoding="async">`;
  return html`<li class="collection-card" data-collection="${c.id}">
<a href="/studio/collections/${c.id}">${cover}<span class="collection-name">${c.name}</span></a>
<p class="muted">${c.eventDate ?? 'No event date'} · ${plural(c.photoCount, 'photo', 'photos')} ${statusBadge(statusOf(c, now))}</p>
<ul class="stats"><li><span class="stat-label">Visits</span> <span class="stat-value">${totals.visits}</span></li><li><span class="stat-label">Favorites</span> <span class="stat-value">${totals.favorites}</span></li><li><span class="stat-label">Downloads</span> <span class="stat-value">${totals.downloads}</span></li></ul>
</li>`;
}

/** Previous and next links that keep the search and the sort, when there is more than one page. */
function pager(q: string, sort: CollectionSort, pageNo: number, pages: number): SafeHtml | '' {
  if (pages <= 1) return '';
  const href = (n: number): string => {
    const params = new URLSearchParams();
    if (q !== '') params.set('q', q);
    if (sort !== 'recent') params.set('sort', sort);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return qs === '' ? '/' : `/?${qs}`;
  };
  return html`<nav class="pager row" aria-label="Collection pages">
${pageNo > 1 ? html`<a href="${href(pageNo - 1)}" rel="prev" id="page-prev">Previous</a>` : ''}
<span class="muted" id="page-position">Page ${pageNo} of ${pages}</span>
${pageNo < pages ? html`<a href="${href(pageNo + 1)}" rel="next" id="page-next">Next</a>` : ''}
</nav>`;
}

export async function dashboardPage(deps: AppDeps, caller: UserPrincipal, query: { q?: string; sort?: string; page?: string }): Promise<string> {
  const csrf = caller.sessionId ? deps.sessions.csrfToken(caller.sessionId) : '';
  const logout = html`<form method="post" action="/logout" class="logout"><input type="hidden" name="csrf_token" value="${csrf}"><button type="submit" class="secondary">Log out</button></form>`;
  const docs = html`<p class="muted spaced">The API is at <code>/api/v1/</code>; <code>/api/auth/me</code> shows this session. Documentation: <a href="/api/redoc">Redoc</a>, <a href="/api/swagger">Swagger UI</a>, <a href="/api/help">/api/help</a>.</p>`;
  const greeting = html`<h2>Welcome, ${caller.user.firstName || caller.user.username}</h2>${studioNav('/')}`;
  if (caller.studioId === null || !roleAllows(caller.role, 'galleries:read')) {
    return page('Home', html`${greeting}<p class="muted">You are not working in a studio right now.</p>${docs}${logout}`, { wide: true });
  }
  const studio = await deps.store.studios.findStudioById(caller.studioId);
  const whoami = html`<dl class="whoami"><dt>Email</dt><dd>${caller.user.email}</dd><dt>Studio</dt><dd>${studio?.name ?? ''} (${caller.role ?? ''})</dd></dl>`;
  // A plain GET form: an unknown sort falls back to the default and an over-long search is cut, rather than refused.
  const q = (query.q ?? '').trim().slice(0, COLLECTION_SEARCH_MAX);
  const sort: CollectionSort = query.sort !== undefined && Object.hasOwn(DASHBOARD_SORTS, query.sort) ? (query.sort as CollectionSort) : 'recent';
  const matching = await matchingCollections(deps.store.collections, caller.studioId, { q, sort });
  const pages = Math.max(1, Math.ceil(matching.length / DASHBOARD_PAGE_SIZE));
  const asked = Number.parseInt(query.page ?? '1', 10);
  const pageNo = Number.isSafeInteger(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
  const shown = await deps.store.collections.listCollectionsByIds(caller.studioId, matching.slice((pageNo - 1) * DASHBOARD_PAGE_SIZE, pageNo * DASHBOARD_PAGE_SIZE).map((c) => c.id));
  const totals = await deps.store.galleryActivity.activityTotals(shown.map((c) => c.id));
  const now = deps.clock.now();
  const none = { visits: 0, favorites: 0, downloads: 0 };
  const canCreate = roleAllows(caller.role, 'galleries:write');
  const range = pages > 1 ? ` (${(pageNo - 1) * DASHBOARD_PAGE_SIZE + 1}–${(pageNo - 1) * DASHBOARD_PAGE_SIZE + shown.length} shown)` : '';
  const summary = (q === '' ? plural(matching.length, 'collection', 'collections') : `${plural(matching.length, 'collection', 'collections')} matching “${q}”`) + range;
  return page('Home', html`${greeting}
${whoami}
<div class="toolbar">
<form method="get" action="/" class="row search-form" role="search">
<div class="grow"><label for="q">Search collections</label><input id="q" name="q" type="search" value="${q}" autocomplete="off"></div>
<div><label for="sort">Sort</label><select id="sort" name="sort">${Object.entries(DASHBOARD_SORTS).map(([value, label]) => html`<option value="${value}"${value === sort ? html` selected` : ''}>${label}</option>`)}</select></div>
<button type="submit" class="secondary">Show</button>
</form>
${canCreate ? html`<a class="button-link" href="/studio/collections/new">New collection</a>` : ''}
</div>
<p class="muted" id="collection-summary" aria-live="polite">${summary}</p>
${shown.length === 0
    ? html`<p class="muted" id="no-collections">${q === '' ? 'No collections yet.' : 'No collection matches that search.'}</p>`
    : html`<ul class="collection-cards" id="collections">${shown.map((c) => card(c, totals.get(c.id) ?? none, now))}</ul>`}
${pager(q, sort, pageNo, pages)}
${docs}${logout}`, { wide: true });
}
