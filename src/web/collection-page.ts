// /studio/collections/new and /studio/collections/{id}: a collection's settings (name, event date, status, password,
// expiry, downloads and their PIN and limit, email confirmation, the watermark, which clients it belongs to), its
// galleries, and the share box (the gallery link and, right after it was set here, the password, each with a copy
// button, and a QR code of the link). /studio/collections/{id}/qr.svg is that QR code. Server-rendered; the served
// script (assets/studio/collection.js) saves through the JSON API with the CSRF header.
import Type from 'typebox';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { UserPrincipal } from '../auth/principal.ts';
import { roleAllows } from '../auth/permissions.ts';
import { AppError } from '../errors.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { getCollection } from '../api/collections/service.ts';
import { expiryDateOf, statusOf, visitorLoginUrlOf } from '../api/collections/schemas.ts';
import { WATERMARK_DEFAULTS } from '../api/collections/watermark-schemas.ts';
import { WATERMARK_POSITIONS } from '../store/schema.ts';
import type { ClientRecord, CollectionRecord, GalleryRecord, WatermarkRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav } from './studio-nav.ts';
import { statusBadge } from './dashboard-page.ts';
import type { StudioAssets } from './studio-assets.ts';

const DOWNLOAD_LABELS = { none: 'No downloads', 'web-size': 'Web size only', original: 'Web size and originals' } as const;
const POSITION_LABELS: Record<string, string> = {
  'top-left': 'Top left', top: 'Top', 'top-right': 'Top right', left: 'Left', center: 'Centre', right: 'Right',
  'bottom-left': 'Bottom left', bottom: 'Bottom', 'bottom-right': 'Bottom right', tiled: 'Tiled across the photo',
};
/** The studio's clients offered as checkboxes (the most recent first); more are typed in as emails. */
const CLIENT_CHOICES = 200;

interface Shown {
  collection: CollectionRecord | null;
  galleries: GalleryRecord[];
  access: string[];
  clients: ClientRecord[];
  watermark: WatermarkRecord | null;
  link: string | null;
  /** Where links start (server.publicUrl, or the address the server listens on). */
  linkBase: string;
  now: number;
  editable: boolean;
}

const checked = (on: boolean): SafeHtml | string => (on ? html` checked` : '');
const selected = (on: boolean): SafeHtml | string => (on ? html` selected` : '');
const fullName = (c: ClientRecord): string => `${c.firstName} ${c.lastName}`.trim();

/** The QR code of `text` as an SVG document (dark modules on white, a quiet zone of 2). */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#222222', light: '#ffffff' } });
}

function shareBox(shown: Shown): SafeHtml {
  const c = shown.collection;
  return html`<section class="share" id="share"${c === null ? html` hidden` : ''} aria-labelledby="share-title">
<h3 id="share-title">Share with your clients</h3>
<div class="share-grid">
<div class="share-fields">
<label for="share-link">Gallery link</label>
<div class="link-row"><input id="share-link" readonly value="${shown.link ?? ''}"><button type="button" id="copy-link" class="copy" data-copy="share-link">Copy link</button></div>
<div id="share-password-row" hidden>
<label for="share-password">Password</label>
<div class="link-row"><input id="share-password" readonly value=""><button type="button" id="copy-password" class="copy" data-copy="share-password">Copy password</button></div>
<p class="muted">Shown only now: Lightbox keeps the password hashed and cannot show it again.</p>
</div>
<p class="muted" id="share-password-note">${c === null ? '' : c.passwordHash === null ? 'No password: anyone with the link (and on the client list, if there is one) can open it.' : 'The gallery has a password. Lightbox keeps it hashed, so it cannot be shown here; set a new one below to share it again.'}</p>
<p class="muted" id="share-status-note">${c !== null && !c.published ? 'This collection is a draft: clients cannot open it until you publish it.' : ''}</p>
</div>
<figure class="qr"><img id="share-qr" src="${c === null ? '' : `/studio/collections/${c.id}/qr.svg`}" alt="QR code of the gallery link" width="168" height="168"${c === null ? html` hidden` : ''}><figcaption class="muted">Scan to open the gallery</figcaption></figure>
</div>
</section>`;
}

/** The `disabled` attribute for a fieldset a viewer (who may not edit) sees: every control inside is then inert. */
function readOnly(shown: Shown): SafeHtml | '' {
  return shown.editable ? '' : html` disabled`;
}

function clientsFieldset(shown: Shown): SafeHtml {
  const known = new Set(shown.clients.map((c) => c.email.toLowerCase()));
  const on = new Set(shown.access.map((e) => e.toLowerCase()));
  const others = shown.access.filter((e) => !known.has(e.toLowerCase()));
  return html`<fieldset${readOnly(shown)}><legend>Clients</legend>
<p class="muted" id="clients-hint">Only these people can open the gallery (with the password, if there is one). Leave all empty to let anyone with the link in.</p>
${shown.clients.length > 0
    ? html`<ul class="client-choices">${shown.clients.map((c, i) => html`<li class="check"><input type="checkbox" id="client-${i}" name="client" value="${c.email}"${checked(on.has(c.email.toLowerCase()))}><label for="client-${i}">${fullName(c) || c.email}${fullName(c) ? html` <span class="muted">${c.email}</span>` : ''}</label></li>`)}</ul>`
    : html`<p class="muted">No clients yet: <a href="/studio/clients">add them</a>, or type their emails below.</p>`}
<label for="extra-emails">Other emails (one per line)</label>
<textarea id="extra-emails" name="extra_emails" rows="3" aria-describedby="clients-hint">${others.join('\n')}</textarea>
</fieldset>`;
}

function watermarkFieldset(shown: Shown): SafeHtml {
  const w = shown.watermark ?? { ...WATERMARK_DEFAULTS, logo: null };
  return html`<fieldset${readOnly(shown)}><legend>Watermark</legend>
<p class="muted">Burned into the web-size copies when they are made; originals never carry it. Changing it renders the copies again in the background.</p>
<div class="row">
<div><label for="wm-mode">Watermark</label><select id="wm-mode" name="wm_mode">
<option value="off"${selected(w.mode === 'off')}>None</option><option value="text"${selected(w.mode === 'text')}>Text</option>${w.mode === 'logo' || w.logo !== null ? html`<option value="logo"${selected(w.mode === 'logo')}>Uploaded logo</option>` : ''}</select></div>
<div class="grow"><label for="wm-text">Text</label><input id="wm-text" name="wm_text" maxlength="100" value="${w.text ?? ''}"></div>
</div>
<div class="row">
<div><label for="wm-position">Position</label><select id="wm-position" name="wm_position">${WATERMARK_POSITIONS.map((p) => html`<option value="${p}"${selected(w.position === p)}>${POSITION_LABELS[p] ?? p}</option>`)}</select></div>
<div><label for="wm-opacity">Opacity (%)</label><input id="wm-opacity" name="wm_opacity" type="number" min="5" max="100" step="5" value="${Math.round(w.opacity * 100)}"></div>
</div>
</fieldset>`;
}

function galleriesSection(shown: Shown): SafeHtml {
  const c = shown.collection;
  const rows = shown.galleries.map((g) => html`<li data-gallery="${g.id}"><a href="/studio/galleries/${g.id}">${g.name}</a> <span class="muted">${g.photoCount === 1 ? '1 photo' : `${g.photoCount} photos`}${g.private ? ' · private' : ''}</span>
${shown.editable ? html`<button type="button" class="small secondary delete-gallery" data-gallery="${g.id}" aria-label="Delete the gallery ${g.name}">Delete</button>` : ''}</li>`);
  return html`<section id="galleries-section"${c === null ? html` hidden` : ''} aria-labelledby="galleries-title">
<h3 id="galleries-title" class="section">Galleries</h3>
<p class="muted">The sets clients see as tabs. Open one to upload and order its photos.</p>
<ul id="galleries" class="gallery-list">${rows}</ul>
<p class="muted" id="no-galleries"${shown.galleries.length > 0 ? html` hidden` : ''}>No galleries yet.</p>
${shown.editable ? html`<form id="gallery-form" class="row"><div class="grow"><label for="gallery-name">New gallery</label><input id="gallery-name" name="name" required maxlength="200" placeholder="Ceremony"></div><button type="submit">Add gallery</button></form>` : ''}
</section>`;
}

function settingsForm(shown: Shown): SafeHtml {
  const c = shown.collection;
  const disabled = readOnly(shown);
  const downloadable = c?.downloadable ?? 'web-size';
  return html`<form id="collection-form" novalidate>
<fieldset${disabled}><legend>The collection</legend>
<label for="name">Name</label><input id="name" name="name" required maxlength="200" value="${c?.name ?? ''}">
<div class="row">
<div><label for="event-date">Event date</label><input id="event-date" name="event_date" type="date" value="${c?.eventDate ?? ''}"></div>
<div><label for="expiry-date">Open until (last day)</label><input id="expiry-date" name="expiry_date" type="date" value="${c ? expiryDateOf(c.expiresAt) ?? '' : ''}" aria-describedby="expiry-hint"></div>
</div>
<p class="muted" id="expiry-hint">Leave empty to keep it open. Clients see this date in the gallery.</p>
<fieldset class="inline-choices"><legend>Status</legend>
<div class="check"><input type="radio" id="status-draft" name="status" value="draft"${checked(c === null || !c.published)}><label for="status-draft">Draft: only the studio sees it</label></div>
<div class="check"><input type="radio" id="status-published" name="status" value="published"${checked(c !== null && c.published)}><label for="status-published">Published: clients can open it</label></div>
</fieldset>
</fieldset>
<fieldset${disabled}><legend>Access</legend>
<label for="password">${c?.passwordHash && shown.editable ? 'New password' : 'Password'}</label>
<input id="password" name="password" type="text" autocomplete="off" maxlength="256" aria-describedby="password-hint">
<p class="muted" id="password-hint">${!shown.editable ? (c?.passwordHash ? 'The gallery has a password (kept hashed: it cannot be shown).' : 'The gallery has no password.') : c?.passwordHash ? 'The gallery has a password. Type a new one to replace it (you can then copy it from the share box).' : 'Optional, at least 4 characters.'}</p>
${c?.passwordHash && shown.editable ? html`<div class="check"><input type="checkbox" id="remove-password" name="remove_password"><label for="remove-password">Remove the password</label></div>` : ''}
<div class="check"><input type="checkbox" id="email-confirmation" name="require_email_confirmation"${checked(c?.requireEmailConfirmation === true)}><label for="email-confirmation">Clients confirm their email with a mailed code before favorites and downloads</label></div>
</fieldset>
${clientsFieldset(shown)}
<fieldset${disabled}><legend>Downloads</legend>
<label for="downloadable">Clients may download</label>
<select id="downloadable" name="downloadable">${Object.entries(DOWNLOAD_LABELS).map(([v, label]) => html`<option value="${v}"${selected(downloadable === v)}>${label}</option>`)}</select>
<div class="row">
<div><label for="download-pin">${c?.downloadPinHash && shown.editable ? 'New download PIN' : 'Download PIN'}</label><input id="download-pin" name="download_pin" inputmode="numeric" pattern="[0-9]{4,12}" maxlength="12" autocomplete="off" aria-describedby="pin-hint"></div>
<div><label for="original-limit">Originals per client</label><input id="original-limit" name="original_download_limit" type="number" min="0" max="100000" value="${c?.originalDownloadLimit ?? ''}" aria-describedby="limit-hint"></div>
</div>
<p class="muted" id="pin-hint">${!shown.editable ? (c?.downloadPinHash ? 'Downloads need a PIN.' : 'Downloads need no PIN.') : c?.downloadPinHash ? 'Downloads need the PIN. Type a new one to replace it.' : 'Optional: 4 to 12 digits, separate from the password.'}</p>
${c?.downloadPinHash && shown.editable ? html`<div class="check"><input type="checkbox" id="remove-pin" name="remove_pin"><label for="remove-pin">Remove the download PIN</label></div>` : ''}
<p class="muted" id="limit-hint">Empty for no limit.</p>
</fieldset>
${watermarkFieldset(shown)}
${shown.editable ? html`<button type="submit" id="save">${c === null ? 'Create collection' : 'Save changes'}</button>` : ''}
</form>`;
}

function collectionPage(assets: StudioAssets, csrf: string, shown: Shown): string {
  const c = shown.collection;
  const title = c === null ? 'New collection' : c.name;
  return page(title, html`<h2 id="title">${title}${c ? html` ${statusBadge(statusOf(c, shown.now))}` : ''}</h2>
${studioNav('/')}
<p class="muted breadcrumb"><a href="/">All collections</a>${c ? html` · <a href="/studio/collections/${c.id}/activity">Activity</a> · <a href="/galleries/${c.slug}" id="visitor-view">The client's view</a>` : ''}</p>
<div id="page-data" data-csrf="${csrf}" data-collection="${c?.id ?? ''}" data-link-base="${shown.linkBase}" hidden></div>
<p class="notice" role="status" id="status" hidden></p>
<p class="error" role="alert" id="problem" tabindex="-1" hidden></p>
${shareBox(shown)}
${settingsForm(shown)}
${galleriesSection(shown)}
${assets.pageScripts('collection.js')}`, { wide: true });
}

async function shownFor(deps: AppDeps, caller: UserPrincipal & { studioId: string }, collection: CollectionRecord | null): Promise<Shown> {
  const clients = roleAllows(caller.role, 'clients:read')
    ? (await deps.store.clients.listClients(caller.studioId, { types: null, search: null }, { limit: CLIENT_CHOICES, offset: 0 })).items
    : [];
  const common = { clients, linkBase: deps.linkBase.url(), now: deps.clock.now(), editable: roleAllows(caller.role, 'galleries:write') };
  if (collection === null) return { ...common, collection, galleries: [], access: [], watermark: null, link: null };
  const [galleries, access, watermark] = await Promise.all([
    deps.store.galleries.listGalleries(collection.id, { includePrivate: true }, { limit: 500, offset: 0 }),
    deps.store.collections.listAccessList(collection.id),
    deps.store.watermarks.findWatermark(collection.id),
  ]);
  return { ...common, collection, galleries: galleries.items, access: access.map((e) => e.email), watermark, link: `${common.linkBase}${visitorLoginUrlOf(collection)}` };
}

type StudioCaller = UserPrincipal & { studioId: string };

function studioCaller(request: { principal?: unknown }, reply: FastifyReply): StudioCaller | null {
  const p = request.principal as UserPrincipal | undefined;
  if (p?.kind !== 'user') {
    void reply.redirect('/login', 303);
    return null;
  }
  if (p.studioId === null || !roleAllows(p.role, 'galleries:read')) throw new AppError('insufficient_permissions', 'You are not working in a studio right now');
  return p as StudioCaller;
}

export function registerCollectionPages(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  const Params = Type.Object({ id: Type.String({ maxLength: 200 }) });
  const csrfOf = (p: UserPrincipal): string => (p.sessionId ? deps.sessions.csrfToken(p.sessionId) : '');

  parent.get('/studio/collections/new', { config: { policy: { access: 'optional' } }, schema: { tags: ['pages'] } as object }, async (request, reply) => {
    const p = studioCaller(request, reply);
    if (p === null) return reply;
    if (!roleAllows(p.role, 'galleries:write')) throw new AppError('insufficient_permissions', 'Your role cannot create collections');
    return sendHtml(reply, 200, collectionPage(assets, csrfOf(p), await shownFor(deps, p, null)));
  });

  parent.get('/studio/collections/:id', { config: { policy: { access: 'optional' } }, schema: { tags: ['pages'], params: Params } as object }, async (request, reply) => {
    const p = studioCaller(request, reply);
    if (p === null) return reply;
    const collection = await getCollection(deps, p.studioId, (request.params as { id: string }).id);
    return sendHtml(reply, 200, collectionPage(assets, csrfOf(p), await shownFor(deps, p, collection)));
  });

  parent.get('/studio/collections/:id/qr.svg', { config: { policy: { access: 'optional' } }, schema: { tags: ['pages'], params: Params } as object }, async (request, reply) => {
    const p = studioCaller(request, reply);
    if (p === null) return reply;
    const collection = await getCollection(deps, p.studioId, (request.params as { id: string }).id);
    const svg = await qrSvg(`${deps.linkBase.url()}${visitorLoginUrlOf(collection)}`);
    return reply.header('cache-control', 'private, no-cache').type('image/svg+xml; charset=utf-8').send(svg);
  });
}
