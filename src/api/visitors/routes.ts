// Gallery API for visitors (/api/v1/gallery/…): every route's policy is `visitor`, enforced by the shared policy plugin.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { BinaryBody, PhotoIdParams } from '../photos/schemas.ts';
import { sendPhotoFile } from '../photos/serve.ts';
import { visitorOf } from '../../http/plugins/policy.ts';
import {
  FavoriteBody, VISITOR_PHOTO_BASE, VisitorCollectionResponse, VisitorGalleryListResponse, VisitorPhotoListResponse, VisitorPhotoResponse,
  toVisitorCollection, toVisitorGallery, toVisitorPhoto,
} from './schemas.ts';
import {
  addFavorite, assertDownloadAllowed, favoritedIds, recordDownload, removeFavorite, visibleGallery, visiblePhoto, visibleSummary,
} from './service.ts';

const BASE = '/api/v1/gallery';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const VISITOR = { policy: { access: 'visitor' } } as const;
const PageQuery = Type.Object({ ...PageQueryFields });
const FileResponses = { 200: BinaryBody, 206: BinaryBody, 304: Type.Null(), ...ERRORS };

function registerVisitorApi(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/collection`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: "The visitor's collection", response: { 200: VisitorCollectionResponse, ...ERRORS } },
  }, async (request) => {
    const { collection } = visitorOf(request);
    return { data: toVisitorCollection(collection, await visibleSummary(deps, collection)) };
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
    schema: { tags: ['gallery'], summary: "A visible gallery's photos, with the visitor's favorites marked", params: PhotoIdParams, querystring: PageQuery, response: { 200: VisitorPhotoListResponse, ...ERRORS } },
  }, async (request) => {
    const visitor = visitorOf(request);
    const gallery = await visibleGallery(deps, visitor, request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.photos.listGalleryPhotos(gallery.id, pageWindow(page, per_page));
    const favorites = await favoritedIds(deps, visitor, items);
    const meta = pageMeta(page, per_page, total);
    return { data: items.map((p) => toVisitorPhoto(p, visitor.collection, favorites.has(p.id))), meta, links: pageLinks(`${BASE}/galleries/${gallery.id}/photos`, meta) };
  });

  app.get(`${VISITOR_PHOTO_BASE}/:id`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'One visible photo', params: PhotoIdParams, response: { 200: VisitorPhotoResponse, ...ERRORS } },
  }, async (request) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    const favorites = await favoritedIds(deps, visitor, [photo]);
    return { data: toVisitorPhoto(photo, visitor.collection, favorites.has(photo.id)) };
  });

  for (const variant of ['thumbnail', 'web'] as const) {
    app.get(`${VISITOR_PHOTO_BASE}/:id/${variant}`, {
      config: VISITOR,
      schema: { tags: ['gallery'], summary: `View the ${variant} image (not counted as a download)`, params: PhotoIdParams, response: FileResponses },
    }, async (request, reply) => {
      const photo = await visiblePhoto(deps, visitorOf(request), request.params.id);
      await sendPhotoFile(deps.storage, request, reply, photo, variant, { ranges: false, attachment: false });
      return reply;
    });
  }

  app.get(`${VISITOR_PHOTO_BASE}/:id/original`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'The original, when the collection allows original downloads; recorded as a download', params: PhotoIdParams, response: FileResponses },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    assertDownloadAllowed(visitor.collection, 'original');
    const outcome = await sendPhotoFile(deps.storage, request, reply, photo, 'original', { ranges: true, attachment: false });
    // One record per download, not per range piece: resumed transfers do not start at byte 0.
    if (outcome.fromStart) await recordDownload(deps, visitor, photo, 'original', photo.size);
    return reply;
  });

  app.get(`${VISITOR_PHOTO_BASE}/:id/download`, {
    config: VISITOR,
    schema: {
      tags: ['gallery'], summary: 'Download a photo at a size the collection allows (web-size or original); recorded',
      params: PhotoIdParams, querystring: Type.Object({ size: Type.Enum(['web-size', 'original'], { default: 'web-size' }) }), response: FileResponses,
    },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const photo = await visiblePhoto(deps, visitor, request.params.id);
    const size = request.query.size;
    assertDownloadAllowed(visitor.collection, size);
    const variant = size === 'original' ? 'original' : 'web';
    const outcome = await sendPhotoFile(deps.storage, request, reply, photo, variant, { ranges: variant === 'original', attachment: true });
    if (outcome.fromStart) await recordDownload(deps, visitor, photo, size, size === 'original' ? photo.size : photo.webSize);
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
      if (photo) photos.push(toVisitorPhoto(photo, visitor.collection, true));
    }
    const meta = pageMeta(page, per_page, total);
    return { data: photos, meta, links: pageLinks(`${BASE}/favorites`, meta) };
  });

  app.post(`${BASE}/favorites`, {
    config: VISITOR,
    schema: { tags: ['gallery'], summary: 'Favorite a photo (201 when new, 200 when it already was)', body: FavoriteBody, response: { 200: VisitorPhotoResponse, 201: VisitorPhotoResponse, ...ERRORS } },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const { photo, created } = await addFavorite(deps, visitor, request.body.photo_id);
    return reply.code(created ? 201 : 200).send({ data: toVisitorPhoto(photo, visitor.collection, true) });
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
}
