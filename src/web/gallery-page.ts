// The client gallery's first view, rendered on the server: the cover (with the expiry date), the galleries as tabs, a
// justified grid of every photo (kept ratios, lazy thumbnails in a <picture> whose WebP <source> and JPEG <img> list
// every served width in srcset, the dominant colour as placeholder), the
// Favorites tab with its list bar, and the empty viewer, download, list and PIN dialogs that /assets/gallery/*.js
// drive. No inline script or style (the page CSP stays strict): per-photo values (lists, note) travel in data-
// attributes and width/height, and the script turns them into CSS properties and state.
import type { CollectionRecord, FavoriteListRecord, GalleryRecord, PhotoRecord } from '../store/types.ts';
import { photoImages } from '../api/photos/schemas.ts';
import { VISITOR_PHOTO_BASE } from '../api/visitors/schemas.ts';
import { expiryDateOf } from '../api/collections/schemas.ts';
import { LIST_LIMITS, type PhotoMarks } from '../api/visitors/favorite-lists.ts';
import type { DeliveryState } from '../api/visitors/delivery.ts';
import { SafeHtml, html, htmlDocument } from './html.ts';
import { LIST_ICON, confirmDialog, confirmEmailDialog, listBar, nameDialog, pickerDialog, pinDialog } from './gallery-dialogs.ts';

export interface GalleryView {
  collection: CollectionRecord;
  galleries: Array<{ gallery: GalleryRecord; photos: PhotoRecord[] }>;
  marks: PhotoMarks;
  lists: FavoriteListRecord[];
  delivery: DeliveryState;
  /** The visitor's email, and whether favorites and downloads still wait for its confirmation (issue #20). */
  email: { address: string; confirmationNeeded: boolean };
  cover: PhotoRecord | null;
  csrfToken: string;
  /** Cache-busting versions of the page's assets. */
  assets: { css: string; js: string };
}

/**
 * The sizes the server has, as srcset candidates (thumbnail, medium, web; one per distinct width): the JPEGs, and the
 * WebP copies when the photo has them all (a photo the backfill has not reached yet offers JPEG only).
 */
export function srcsetsOf(photo: PhotoRecord): { jpeg: string; webp: string | null } {
  const images = photoImages(photo, VISITOR_PHOTO_BASE);
  const webp = images.every((i) => i.webp_url !== null) ? images.map((i) => `${i.webp_url} ${i.width}w`).join(', ') : null;
  return { jpeg: images.map((i) => `${i.url} ${i.width}w`).join(', '), webp };
}

/** A <picture>: browsers that take WebP load it from the <source>, the others the JPEG of the <img>. */
function picture(photo: PhotoRecord, sizes: string, img: SafeHtml): SafeHtml {
  const sets = srcsetsOf(photo);
  const source = sets.webp === null ? html`` : html`<source type="image/webp" srcset="${sets.webp}" sizes="${sizes}">`;
  return html`<picture>${source}${img}</picture>`;
}

/** How wide a tile is drawn at the grid's row heights (240 px, 120 px on phones), for the browser's srcset choice. */
function sizesOf(photo: PhotoRecord): string {
  const ratio = photo.width / photo.height;
  return `(max-width: 600px) ${Math.round(ratio * 120)}px, ${Math.round(ratio * 240)}px`;
}

function dateLabel(date: string): string | null {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return null;
  return parsed.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

function eventDate(date: string | null): SafeHtml {
  const label = date === null ? null : dateLabel(date);
  return label === null ? html`` : html`<p class="cover-date"><time datetime="${date}">${label}</time></p>`;
}

/** The last day the gallery can be opened (the collection's expiry date). */
function expiry(c: CollectionRecord): SafeHtml {
  const date = expiryDateOf(c.expiresAt);
  const label = date === null ? null : dateLabel(date);
  return label === null ? html`` : html`<p class="cover-expiry">Available until <time datetime="${date}">${label}</time></p>`;
}

const HEART = new SafeHtml('<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 21s-7.5-4.6-9.6-9.3C.9 8.3 3 4.5 6.7 4.5c2.1 0 3.9 1.3 5.3 3.1 1.4-1.8 3.2-3.1 5.3-3.1 3.7 0 5.8 3.8 4.3 7.2C19.5 16.4 12 21 12 21z"/></svg>');

function tile(photo: PhotoRecord, index: number, count: number, marks: PhotoMarks): SafeHtml {
  const label = `${photo.filename}, photo ${index + 1} of ${count}`;
  const favorite = marks.favorites.has(photo.id);
  const note = marks.notes.get(photo.id);
  const named = (marks.lists.get(photo.id)?.length ?? 0) > (favorite ? 1 : 0);
  return html`<li class="tile" data-id="${photo.id}" data-gallery="${photo.galleryId}" data-w="${photo.width}" data-h="${photo.height}" data-color="${photo.dominantColor ?? ''}" data-name="${photo.filename}" data-lists="${(marks.lists.get(photo.id) ?? []).join(' ')}"${note === undefined ? new SafeHtml('') : html` data-note="${note}"`}>
<button type="button" class="open" aria-label="Open ${label}">${picture(photo, sizesOf(photo), html`<img src="${VISITOR_PHOTO_BASE}/${photo.id}/thumbnail" srcset="${srcsetsOf(photo).jpeg}" sizes="${sizesOf(photo)}" width="${photo.width}" height="${photo.height}" alt="${photo.filename}" loading="lazy" decoding="async">`)}</button>
<button type="button" class="heart" aria-pressed="${favorite ? 'true' : 'false'}" aria-label="Favorite ${photo.filename}">${HEART}</button>
<button type="button" class="list-open${named ? ' listed' : ''}" aria-haspopup="dialog" aria-label="Lists for ${photo.filename}">${LIST_ICON}</button>
</li>`;
}

function tabs(view: GalleryView): SafeHtml {
  const items = view.galleries.map(({ gallery, photos }, i) => html`<button type="button" role="tab" id="tab-${gallery.id}" aria-controls="panel-${gallery.id}" aria-selected="${i === 0 ? 'true' : 'false'}" tabindex="${i === 0 ? '0' : '-1'}" data-gallery="${gallery.id}">${gallery.name} <span class="count">${photos.length}</span></button>`);
  const listed = new Set([...view.marks.lists.keys()]).size;
  const favorites = html`<button type="button" role="tab" id="tab-favorites" aria-controls="panel-favorites" aria-selected="false" tabindex="-1" data-favorites="">${HEART} Favorites <span class="count" id="favorite-count">${listed}</span></button>`;
  return html`<div role="tablist" aria-label="Galleries" class="tabs">${items}${favorites}</div>`;
}

function panels(view: GalleryView): SafeHtml[] {
  const out = view.galleries.map(({ gallery, photos }, i) => html`<section role="tabpanel" id="panel-${gallery.id}" aria-labelledby="tab-${gallery.id}" class="panel" data-gallery="${gallery.id}" data-name="${gallery.name}"${new SafeHtml(i === 0 ? '' : ' hidden')}>
${gallery.description ? html`<p class="panel-description">${gallery.description}</p>` : html``}
${photos.length > 0 ? html`<ul class="jgrid" aria-label="${gallery.name}">${photos.map((p, n) => tile(p, n, photos.length, view.marks))}</ul>` : html`<p class="empty">No photos in this gallery yet.</p>`}
</section>`);
  out.push(html`<section role="tabpanel" id="panel-favorites" aria-labelledby="tab-favorites" class="panel" data-favorites="" hidden>
${listBar(view.lists)}
<p class="empty" id="favorites-empty">No photos in this list yet. Tap the heart on a photo, or its list button, to keep it here.</p>
<ul class="jgrid" aria-label="Favorites"></ul>
</section>`);
  return out;
}

function viewerDialog(): SafeHtml {
  return html`<dialog id="viewer" class="viewer" aria-labelledby="viewer-title">
<div class="viewer-bar">
<h2 id="viewer-title" class="viewer-title"><span class="viewer-name"></span> <span class="viewer-position"></span></h2>
<div class="viewer-actions">
<button type="button" class="heart viewer-heart" aria-pressed="false" aria-label="Favorite this photo">${HEART}</button>
<button type="button" class="viewer-lists" aria-haspopup="dialog">Lists</button>
<button type="button" class="viewer-note-toggle" aria-expanded="false" aria-controls="viewer-note">Note</button>
<a class="viewer-download" data-size="web-size" hidden download>Download</a>
<a class="viewer-download" data-size="original" hidden download>Original</a>
<button type="button" class="viewer-close" aria-label="Close viewer" autofocus>✕</button>
</div>
</div>
<div class="stage"><img class="viewer-img" alt="" decoding="async"></div>
<p class="viewer-message" role="alert" hidden></p>
<form id="viewer-note" class="viewer-note" hidden>
<label for="viewer-note-text">Your note for the studio</label>
<textarea id="viewer-note-text" rows="3" maxlength="${LIST_LIMITS.note}" aria-describedby="viewer-note-count"></textarea>
<div class="viewer-note-bar"><span id="viewer-note-count" class="note-count"></span><span class="note-status" role="status" aria-live="polite"></span><button type="submit" class="button">Save note</button></div>
</form>
<button type="button" class="viewer-nav viewer-prev" aria-label="Previous photo">‹</button>
<button type="button" class="viewer-nav viewer-next" aria-label="Next photo">›</button>
</dialog>`;
}

function downloadDialog(): SafeHtml {
  return html`<dialog id="downloads" class="downloads" aria-labelledby="downloads-title">
<form method="dialog" class="downloads-form">
<h2 id="downloads-title">Download photos</h2>
<fieldset><legend>What</legend>
<label><input type="radio" name="scope" value="collection" checked> All photos</label>
<label><input type="radio" name="scope" value="gallery"> This gallery: <span class="current-gallery"></span></label>
<label><input type="radio" name="scope" value="favorites"> My list: <span class="current-list"></span></label>
</fieldset>
<fieldset class="size-choice"><legend>Size</legend>
<label><input type="radio" name="size" value="web-size" checked> Web size</label>
<label><input type="radio" name="size" value="original"> Original files</label>
</fieldset>
<p class="downloads-summary" role="status" aria-live="polite">Counting…</p>
<p class="downloads-limit"></p>
<div class="downloads-buttons"><a class="button primary downloads-go" aria-disabled="true">Download ZIP</a><button type="submit" class="button">Close</button></div>
</form>
</dialog>`;
}

export function renderGalleryPage(view: GalleryView): string {
  const c = view.collection;
  const cover = view.cover;
  const coverImage = cover
    ? picture(cover, '100vw', html`<img class="cover-img" src="${VISITOR_PHOTO_BASE}/${cover.id}/web" srcset="${srcsetsOf(cover).jpeg}" sizes="100vw" alt="" fetchpriority="high" data-color="${cover.dominantColor ?? ''}">`)
    : html``;
  const total = view.galleries.reduce((n, g) => n + g.photos.length, 0);
  return htmlDocument({
    title: c.name,
    head: html`<meta name="csrf-token" content="${view.csrfToken}">
<link rel="stylesheet" href="/assets/gallery/gallery.css?v=${view.assets.css}">
<script type="module" src="/assets/gallery/gallery.js?v=${view.assets.js}"></script>`,
    bodyAttributes: html`class="gallery-page" data-pin="${view.delivery.pinProtected && !view.delivery.pinEntered ? 'required' : 'none'}" data-original-limit="${view.delivery.originalLimit ?? ''}" data-originals-used="${view.delivery.originalsUsed}" data-email-confirmation="${view.email.confirmationNeeded ? 'required' : 'none'}"`,
  }, html`<a class="skip-link" href="#photos">Skip to the photos</a>
<header class="cover${cover ? '' : ' no-photo'}">
${coverImage}
<div class="cover-text">
<h1 class="cover-title">${c.name}</h1>
${eventDate(c.eventDate)}
${expiry(c)}
${c.description ? html`<p class="cover-description">${c.description}</p>` : html``}
<p class="cover-count">${total} ${total === 1 ? 'photo' : 'photos'}</p>
</div>
</header>
<nav class="toolbar" aria-label="Gallery">
<p class="brand">Lightbox</p>
${tabs(view)}
<div class="toolbar-actions">
<button type="button" class="button download-open" hidden>Download</button>
<form method="post" action="/galleries/logout" class="leave"><input type="hidden" name="csrf_token" value="${view.csrfToken}"><button type="submit" class="button quiet">Leave</button></form>
</div>
</nav>
<main id="photos" tabindex="-1">
${panels(view)}
</main>
${viewerDialog()}
${downloadDialog()}
${pickerDialog()}
${nameDialog()}
${confirmDialog()}
${pinDialog()}
${confirmEmailDialog(view.email.address)}
<p class="visually-hidden" role="status" aria-live="polite" id="announcer"></p>`);
}
