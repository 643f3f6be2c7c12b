// /studio/galleries/{id}: one gallery as the studio works on it. Upload (choose or drop many files: each is sent on its
// own, three at a time, with a progress bar per file and for the batch; a failed file is retried alone; a duplicate
// is reported and can be kept anyway), then the photos in their order: set the cover, move, drag, sort, delete.
// Server-rendered; assets/studio/upload.js calls the same JSON API as the SDK with the CSRF header.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { roleAllows } from '../auth/permissions.ts';
import type { AppDeps } from '../http/deps.ts';
import { sendHtml } from '../http/plugins/security-headers.ts';
import { getGallery } from '../api/galleries/service.ts';
import { MAX_ORDERED_PHOTOS } from '../api/photos/order.ts';
import type { CollectionRecord, GalleryRecord, PhotoRecord } from '../store/types.ts';
import { html, page, type SafeHtml } from './html.ts';
import { studioNav } from './studio-nav.ts';
import type { StudioAssets } from './studio-assets.ts';

export const STUDIO_GALLERY_PAGE = '/studio/galleries/:id';

/** The image types an upload takes (what sniffing accepts); the picker offers these. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif';

export interface GalleryPageRights {
  upload: boolean;
  /** Set the cover (a change to the collection). */
  edit: boolean;
}

function photoItem(photo: PhotoRecord, coverId: string | null, rights: GalleryPageRights): SafeHtml {
  const cover = photo.id === coverId;
  const name = photo.filename;
  const controls = rights.upload
    ? html`<div class="photo-actions">
<button type="button" class="small secondary set-cover"${cover ? html` disabled` : ''} aria-label="Set ${name} as the cover">Cover</button>
<button type="button" class="small secondary move-up" aria-label="Move ${name} up">↑</button>
<button type="button" class="small secondary move-down" aria-label="Move ${name} down">↓</button>
<button type="button" class="small secondary delete" aria-label="Delete ${name}">Delete</button>
</div>`
    : '';
  return html`<li class="studio-photo" data-photo="${photo.id}" data-name="${name}"${rights.upload ? html` draggable="true"` : ''}>
<img src="/api/v1/photos/${photo.id}/thumbnail" alt="${name}" width="${photo.width}" height="${photo.height}" loading="lazy" decoding="async">
<p class="photo-name"><span>${name}</span>${cover ? html` <span class="badge cover-badge">Cover</span>` : ''}</p>
${controls}</li>`;
}

function uploadSection(): SafeHtml {
  return html`<section class="upload" aria-labelledby="upload-title">
<h3 id="upload-title" class="visually-hidden">Upload photos</h3>
<div class="dropzone" id="dropzone">
<label for="files">Add photos: choose files, or drop them here</label>
<input id="files" name="files" type="file" multiple accept="${ACCEPT}">
<p class="muted">JPEG, PNG, WebP, HEIC or AVIF. Each file is sent on its own, three at a time; a file that fails can be sent again alone.</p>
</div>
<div id="batch" class="batch" hidden>
<label for="batch-progress" id="batch-label">Uploading</label>
<progress id="batch-progress" max="1" value="0"></progress>
<p id="batch-text" class="muted" aria-live="polite"></p>
</div>
<ul id="queue" class="upload-queue" aria-label="Files being uploaded"></ul>
</section>`;
}

function sortControls(): SafeHtml {
  return html`<form id="sort-form" class="row sort-form">
<div><label for="sort-by">Sort the gallery by</label>
<select id="sort-by" name="by"><option value="taken_at">Capture time</option><option value="filename">File name</option></select></div>
<div><label for="sort-direction">Direction</label>
<select id="sort-direction" name="direction"><option value="asc">Ascending</option><option value="desc">Descending</option></select></div>
<button type="submit" class="secondary">Sort</button>
</form>
<p class="muted">Or drag a photo to its place, or use its arrows. The client gallery shows this order.</p>`;
}

export function studioGalleryPage(options: {
  assets: StudioAssets; csrf: string; gallery: GalleryRecord; collection: CollectionRecord; photos: PhotoRecord[]; rights: GalleryPageRights;
}): string {
  const { gallery, collection, photos, rights } = options;
  const count = photos.length === 1 ? '1 photo' : `${photos.length} photos`;
  return page(gallery.name, html`<h2>${gallery.name}</h2>
${studioNav('')}
<p class="muted breadcrumb"><a href="/studio/collections/${collection.id}">${collection.name}</a> · <span id="photo-count">${count}</span>${gallery.private ? ' · private (clients do not see it)' : ''}</p>
<div id="page-data" data-csrf="${options.csrf}" data-gallery="${gallery.id}" data-collection="${collection.id}" data-cover="${collection.coverPhotoId ?? ''}" hidden></div>
<p class="notice" role="status" id="status" hidden></p>
<p class="error" role="alert" id="problem" tabindex="-1" hidden></p>
${rights.upload ? uploadSection() : ''}
${rights.upload ? sortControls() : ''}
<ul id="photos" class="studio-photos" aria-label="Photos of ${gallery.name}">${photos.map((p) => photoItem(p, collection.coverPhotoId, rights))}</ul>
<p class="muted" id="no-photos"${photos.length > 0 ? html` hidden` : ''}>No photos yet.</p>
${options.assets.pageScripts('upload.js')}`, { wide: true });
}

export function registerStudioGalleryPage(parent: FastifyInstance, deps: AppDeps, assets: StudioAssets): void {
  parent.get(STUDIO_GALLERY_PAGE, {
    config: { policy: { access: 'optional' } },
    schema: { tags: ['pages'], params: Type.Object({ id: Type.String({ maxLength: 200 }) }) } as object,
  }, async (request, reply) => {
    const p = request.principal;
    if (p?.kind !== 'user') return reply.redirect('/login', 303);
    if (p.studioId === null || !roleAllows(p.role, 'galleries:read')) {
      return sendHtml(reply, 200, page('Gallery', html`<h2>Gallery</h2>${studioNav('')}<p class="muted">You are not working in a studio right now.</p>`));
    }
    // Another studio's gallery, or no such id, is the not-found page (the error renderer's HTML for a browser).
    const gallery = await getGallery(deps, p.studioId, (request.params as { id: string }).id);
    const collection = await deps.store.collections.findCollection(p.studioId, gallery.collectionId);
    if (collection === null) return reply.callNotFound();
    const { items } = await deps.store.photos.listGalleryPhotos(gallery.id, { limit: MAX_ORDERED_PHOTOS, offset: 0 });
    const csrf = p.sessionId ? deps.sessions.csrfToken(p.sessionId) : '';
    const rights = { upload: roleAllows(p.role, 'photos:write'), edit: roleAllows(p.role, 'galleries:write') };
    return sendHtml(reply, 200, studioGalleryPage({ assets, csrf, gallery, collection, photos: items, rights }));
  });
}
