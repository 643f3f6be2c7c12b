// Gallery API for visitors (/api/v1/gallery/…): every route's policy is `visitor`, enforced by the shared policy plugin.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { CursorQueryFields, cursorPage, listRequest } from '../../http/cursor.ts';
import { BinaryBody, ImageFormatQuery, PhotoIdParams } from '../photos/schemas.ts';
import { sendPhotoFile } from '../photos/serve.ts';
import { visitorOf } from '../../http/plugins/policy.ts';
import {
  FavoriteBody, VISITOR_PHOTO_BASE, VisitorCollectionResponse, VisitorGalleryListResponse, VisitorPhotoListResponse, VisitorPhotoResponse,
  toVisitorCollection, toVisitorGallery, toVisitorPhoto,
} from './schemas.ts';
import {
  addFavorite, assertDownloadAllowed, recordDownload, removeFavorite, visibleGallery, visiblePhoto, visibleSummary, type DownloadKind,
} from './service.ts';
import { ArchiveQuery, ArchiveSummaryResponse, archiveSummary, sendArchive } from './archive.ts';
import { photoMarks } from './favorite-lists.ts';
import { assertDownloadUnlocked, checkOriginals, reserveOriginals, stateOf } from './delivery.ts';
import { assertEmailConfirmed, isEmailConfirmed } from './email-confirmation.ts';
import { DownloadCheckResponse, toDelivery } from './list-schemas.ts';
import { registerVisitorListRoutes } from './list-routes.ts';
import { registerEmailConfirmationRoutes } from './email-confirmation-routes.ts';
import type { PhotoRecord } from '../../store/types.ts';
import { photoCursor, photoKey } from '../photos/order.ts';
import type { VisitorPrincipal } from '../../auth/principal.ts';

const BASE = '/api/v1/gallery';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const VISITOR = { policy: { access: 'visitor' } } as const;
/** Routes that record a download: refused to other sites' pages, GET or not (issue #22, defect 6). */
const RECORDED = { policy: { access: 'visitor', sameOriginOnly: true } } as const;
const PageQuery = Type.Object({ ...PageQueryFields });
const FileResponses = { 200: BinaryBody, 206: BinaryBody, 304: Type.Null(), ...ERRORS };
const SizeQuery = Type.Object({ size: Type.Enum(['web-size', 'original'], { default: 'web-size' }) });

/**
 * Every download passes the collection's controls in this order: the size it allows, a confirmed email (when the
 * collection asks for one), the download PIN of this session, and for an original the visitor's limit, which counts
 * it (once per photo) before the first byte goes out.
 */
async function admitDownload(deps: AppDeps, visitor: VisitorPrincipal, photo: PhotoRecord, size: DownloadKind): Promise<void> {
  assertDownloadAllowed(visitor.collection, size);
  await assertEmailConfirmed(deps, visitor);
  await assertDownloadUnlocked(deps, visitor);
  if (size === 'original') await reserveOriginals(deps, visitor, [photo.id]);
}

function registerVisitorApi(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/collection`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: "The visitor's collection", response: { 200: VisitorCollectionResponse, ...ERRORS } },
  }, async (request) => {
    const visitor = visitorOf(request);
    return { data: toVisitorCollection(visitor.collection, await visibleSummary(deps, visitor.collection), await stateOf(deps, visitor), await isEmailConfirmed(deps, visitor)) };
  });

  app.get(`${BASE}/galleries`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: "The collection's galleries a visitor may see (private ones are hidden)", querystring: PageQuery, response: { 200: VisitorGalleryListResponse, ...ERRORS } },
  }, async (request) => {
    const { collection } = visitorOf(request);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.galleries.listGalleries(collection.id, { includePrivate: false }, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toVisitorGallery), meta, links: pageLinks(`${BASE}/galleries`, meta) };
  });

  app.get(`${BASE}/galleries/:id/photos`, {
    config: VISITOR,
    schema: {
      tags: ['gallery'], summary: "A visible gallery's photos, with the visitor's favorites marked",
      description: 'Oldest first. Pages by number, or by cursor when `limit` or `cursor` is given.',
      params: PhotoIdParams, querystring: Type.Object({ ...PageQueryFields, ...CursorQueryFields }), response: { 200: VisitorPhotoListResponse, ...ERRORS },
    },
  }, async (request) => {
    const visitor = visitorOf(request);
    const gallery = await visibleGallery(deps, visitor, request.params.id);
    const list = listRequest(request.url, request.query, 'ph');
    if (list.mode === 'cursor') {
      const rows = await deps.store.photos.listGalleryPhotosAfter(gallery.id, photoCursor(list.after), list.limit + 1);
      const marks = await photoMarks(deps, visitor, rows.slice(0, list.limit));
      return cursorPage(rows, list.limit, `${BASE}/galleries/${gallery.id}/photos`, {}, (p) => toVisitorPhoto(p, visitor.collection, marks), photoKey);
    }
    const { page, perPage: per_page } = list;
    const { items, total } = await deps.store.photos.listGalleryPhotos(gallery.id, pageWindow(page, per_page));
    const marks = await photoMarks(deps, visitor, items);
    const meta = pageMeta(page, per_page, total);
    return { data: items.map((p) => toVisitorPhoto(p, visitor.collection, marks)), meta, links: pageLinks(`${BASE}/galleries/${gallery.id}/photos`, meta) };
  });

  app.get(`${VISITOR_PHOTO_BASE}/:id`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'One visible photo', params: PhotoIdParams, response: { 200: VisitorPhotoResponse, ...ERRORS } },
  }, async (request) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    return { data: toVisitorPhoto(photo, visitor.collection, await photoMarks(deps, visitor, [photo])) };
  });

  const views = [
    ['thumbnail', 'View the thumbnail (at most 400 px, never watermarked; JPEG, or WebP with ?format=webp); not counted as a download'],
    ['medium', 'View the medium size (at most 1024 px, with the collection\'s watermark; JPEG, or WebP with ?format=webp); not counted as a download'],
    ['web', 'View the web-size image (at most 2048 px, with the collection\'s watermark; JPEG, or WebP with ?format=webp); not counted as a download'],
  ] as const;
  for (const [variant, summary] of views) {
    app.get(`${VISITOR_PHOTO_BASE}/:id/${variant}`, {
      config: VISITOR,
      schema: { tags: ['gallery'], summary, params: PhotoIdParams, querystring: ImageFormatQuery, response: { 200: BinaryBody, 304: Type.Null(), ...ERRORS } },
    }, async (request, reply) => {
      const visitor = visitorOf(request);
      const photo = await visiblePhoto(deps, visitor, request.params.id);
      await sendPhotoFile(deps.storage, request, reply, photo, variant, {
        ranges: false, attachment: false, format: request.query.format, reload: () => deps.store.photos.findVisiblePhoto(visitor.collection.id, photo.id),
      });
      return reply;
    });
  }

  app.get(`${VISITOR_PHOTO_BASE}/:id/original`, {
    config: RECORDED,
    schema: { tags: ['gallery'], summary: 'The original, when the collection allows original downloads; recorded as a download', params: PhotoIdParams, response: FileResponses },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    await admitDownload(deps, visitor, photo, 'original');
    const outcome = await sendPhotoFile(deps.storage, request, reply, photo, 'original', { ranges: true, attachment: false });
    // One record per download, not per range piece: resumed transfers do not start at byte 0.
    if (outcome.fromStart) await recordDownload(deps, visitor, photo, 'original', photo.size);
    return reply;
  });

  app.get(`${VISITOR_PHOTO_BASE}/:id/download`, {
    config: RECORDED,
    schema: {
      tags: ['gallery'], summary: 'Download a photo at a size the collection allows (web-size or original); recorded',
      params: PhotoIdParams, querystring: SizeQuery, response: FileResponses,
    },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    const size = request.query.size;
    await admitDownload(deps, visitor, photo, size);
    // The web size is the watermarked JPEG; the original is the upload, never watermarked.
    const variant = size === 'original' ? 'original' : 'web';
    const outcome = await sendPhotoFile(deps.storage, request, reply, photo, variant, {
      ranges: variant === 'original', attachment: true, reload: () => deps.store.photos.findVisiblePhoto(visitor.collection.id, photo.id),
    });
    if (outcome.fromStart) await recordDownload(deps, visitor, photo, size, size === 'original' ? photo.size : photo.webSize);
    return reply;
  });

  app.get(`${VISITOR_PHOTO_BASE}/:id/download/check`, {
    config: VISITOR,
    schema: {
      tags: ['gallery'],
      summary: 'Would this download go through? The same checks as the download (size allowed, confirmed email, download PIN, original limit) without sending or counting anything',
      params: PhotoIdParams, querystring: SizeQuery, response: { 200: DownloadCheckResponse, ...ERRORS },
    },
  }, async (request) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    const size = request.query.size;
    assertDownloadAllowed(visitor.collection, size);
    await assertEmailConfirmed(deps, visitor);
    await assertDownloadUnlocked(deps, visitor);
    const counted = size === 'original' ? (await checkOriginals(deps, visitor, [photo.id])).counted : 0;
    return { data: { photo_id: photo.id, size, counts_against_limit: counted > 0, delivery: toDelivery(await stateOf(deps, visitor)) } };
  });

  app.get(`${BASE}/archive/summary`, {
    config: VISITOR,
    schema: {
      tags: ['gallery'], summary: 'What "download all" would send: photo count, bytes and the exact archive size (422 empty_archive for an empty selection)',
      querystring: ArchiveQuery, response: { 200: ArchiveSummaryResponse, ...ERRORS },
    },
  }, async (request) => archiveSummary(deps, visitorOf(request), request.query));

  app.get(`${BASE}/archive`, {
    config: RECORDED,
    schema: {
      tags: ['gallery'],
      summary: 'Download the whole collection, one gallery or my favorites as one ZIP, streamed as it is built (stored entries, Content-Length known up front); each photo recorded as a download',
      querystring: ArchiveQuery, produces: ['application/zip'], response: { 200: BinaryBody, ...ERRORS },
    },
  }, async (request, reply) => {
    await sendArchive(deps, visitorOf(request), request.query, request, reply);
    return reply;
  });

  app.get(`${BASE}/favorites`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: "The visitor's own favorites, newest first", querystring: PageQuery, response: { 200: VisitorPhotoListResponse, ...ERRORS } },
  }, async (request) => {
    const visitor = visitorOf(request);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.galleryActivity.listFavorites(visitor.collection.id, { emailKey: visitor.emailKey }, pageWindow(page, per_page));
    const photos = [];
    for (const f of items) {
      const photo = await deps.store.photos.findVisiblePhoto(visitor.collection.id, f.photoId);
      if (photo) photos.push(photo);
    }
    const marks = await photoMarks(deps, visitor, photos);
    const meta = pageMeta(page, per_page, total);
    return { data: photos.map((p) => toVisitorPhoto(p, visitor.collection, marks)), meta, links: pageLinks(`${BASE}/favorites`, meta) };
  });

  app.post(`${BASE}/favorites`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'Favorite a photo (201 when new, 200 when it already was)', body: FavoriteBody, response: { 200: VisitorPhotoResponse, 201: VisitorPhotoResponse, ...ERRORS } },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const { photo, created } = await addFavorite(deps, visitor, request.body.photo_id);
    return reply.code(created ? 201 : 200).send({ data: toVisitorPhoto(photo, visitor.collection, await photoMarks(deps, visitor, [photo])) });
  });

  app.delete(`${BASE}/favorites/:id`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'Remove a favorite (idempotent)', params: PhotoIdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await removeFavorite(deps, visitorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}

export function registerVisitorRoutes(app: FastifyInstance, deps: AppDeps): void {
  registerVisitorApi(app, deps);
  registerVisitorListRoutes(app, deps);
  registerEmailConfirmationRoutes(app, deps);
}
