// Studio API: /api/v1/collections CRUD, its galleries, access list, visitors, favorites and downloads. Thin.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { CursorQueryFields, cursorPage, listRequest } from '../../http/cursor.ts';
import type { DownloadSize } from '../../store/types.ts';
import { GalleryBody, GalleryListResponse, GalleryResponse, toPublicGallery } from '../galleries/schemas.ts';
import { createGallery } from '../galleries/service.ts';
import {
  AccessListResponse, CollectionBody, CollectionListResponse, CollectionPatchBody, CollectionResponse, DownloadListResponse,
  IdParams, VisitorListResponse, toPublicAccessEntry, toPublicCollection, toPublicDownload, toPublicVisitor,
} from './schemas.ts';
import { registerCollectionSelectionRoutes } from './selection-routes.ts';
import { registerClientMailRoutes } from './client-mail-routes.ts';
import { createCollection, deleteCollection, getCollection, replaceCollection, updateCollection, type CollectionInput } from './service.ts';
import { COLLECTION_SEARCH_MAX, COLLECTION_SORTS, matchingCollections } from './search.ts';
import { markOf, marksOf } from './watermark.ts';
import { registerWatermarkRoutes } from './watermark-routes.ts';
import type { WatermarkInput } from './watermark-schemas.ts';

const BASE = '/api/v1/collections';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'galleries:read' } } as const;
const WRITE = { policy: { access: 'authenticated', permission: 'galleries:write' } } as const;
const PageQuery = Type.Object({ ...PageQueryFields });
const CollectionListQuery = Type.Object({
  ...PageQueryFields,
  q: Type.Optional(Type.String({ maxLength: COLLECTION_SEARCH_MAX, description: 'Only collections whose name (ignoring case) or slug contains this text.', examples: ['wedding'] })),
  sort: Type.Optional(Type.Enum([...COLLECTION_SORTS], {
    default: 'recent', description: '`recent`: newest first; `name`: by name (A to Z, numbers in order); `event`: latest event date first, those without one last.',
  })),
});
const KeysetPageQuery = Type.Object({ ...PageQueryFields, ...CursorQueryFields });

interface CollectionBodyFields {
  name?: string;
  description?: string;
  event_date?: string | null;
  cover_photo_id?: string | null;
  password?: string | null;
  expiry_date?: string | null;
  downloadable?: DownloadSize;
  download_pin?: string | null;
  original_download_limit?: number | null;
  client_emails?: string[];
  watermark?: WatermarkInput;
  require_email_confirmation?: boolean;
  status?: 'draft' | 'published';
}

/** Picks the editable fields by name: nothing else in the body (studio_id, slug, counts) can reach the store. */
function inputOf(body: CollectionBodyFields): CollectionInput {
  const input: CollectionInput = {};
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.event_date !== undefined) input.eventDate = body.event_date;
  if (body.cover_photo_id !== undefined) input.coverPhotoId = body.cover_photo_id;
  if (body.password !== undefined) input.password = body.password;
  if (body.expiry_date !== undefined) input.expiryDate = body.expiry_date;
  if (body.downloadable !== undefined) input.downloadable = body.downloadable;
  if (body.download_pin !== undefined) input.downloadPin = body.download_pin;
  if (body.original_download_limit !== undefined) input.originalDownloadLimit = body.original_download_limit;
  if (body.client_emails !== undefined) input.clientEmails = body.client_emails;
  if (body.watermark !== undefined) input.watermark = body.watermark;
  if (body.require_email_confirmation !== undefined) input.requireEmailConfirmation = body.require_email_confirmation;
  if (body.status !== undefined) input.published = body.status === 'published';
  return input;
}

export function registerCollectionRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const now = (): number => deps.clock.now();

  app.get(BASE, {
    config: READ,
    schema: {
      tags: ['collections'], summary: "The active studio's collections, newest first, or searched and sorted (the studio dashboard's search)",
      querystring: CollectionListQuery, response: { 200: CollectionListResponse, ...ERRORS },
    },
  }, async (request) => {
    const { page, per_page, q = '', sort = 'recent' } = request.query;
    const studioId = activeStudioOf(request);
    const matching = await matchingCollections(deps.store.collections, studioId, { q, sort });
    const { limit, offset } = pageWindow(page, per_page);
    const items = await deps.store.collections.listCollectionsByIds(studioId, matching.slice(offset, offset + limit).map((c) => c.id));
    const meta = pageMeta(page, per_page, matching.length);
    const mark = await marksOf(deps, items);
    const filters = { q: q.trim() === '' ? undefined : q, sort: sort === 'recent' ? undefined : sort };
    return { data: items.map((c) => toPublicCollection(c, now(), mark(c))), meta, links: pageLinks(BASE, meta, filters) };
  });

  app.post(BASE, {
    config: WRITE,
    schema: { tags: ['collections'], summary: 'Create a collection (optionally password protected, with an expiry and a client access list)', body: CollectionBody, response: { 201: CollectionResponse, ...ERRORS } },
  }, async (request, reply) => {
    const collection = await createCollection(deps, activeStudioOf(request), { ...inputOf(request.body), name: request.body.name });
    return reply.code(201).header('location', `${BASE}/${collection.id}`).send({ data: toPublicCollection(collection, now(), await markOf(deps, collection.id)) });
  });

  app.get(`${BASE}/:id`, {
    config: READ,
    schema: { tags: ['collections'], summary: 'One collection of the active studio', params: IdParams, response: { 200: CollectionResponse, ...ERRORS } },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    return { data: toPublicCollection(collection, now(), await markOf(deps, collection.id)) };
  });

  app.patch(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['collections'], summary: 'Change the given fields of a collection; the others stay (password: null removes protection)',
      params: IdParams, body: CollectionPatchBody, response: { 200: CollectionResponse, ...ERRORS },
    },
  }, async (request) => {
    const updated = await updateCollection(deps, activeStudioOf(request), request.params.id, inputOf(request.body));
    return { data: toPublicCollection(updated, now(), await markOf(deps, updated.id)) };
  });

  app.put(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['collections'],
      summary: 'Replace a collection: fields left out return to their defaults (the watermark to off); the write-only password and download PIN, and an uploaded watermark logo, stay unless given',
      params: IdParams, body: CollectionBody, response: { 200: CollectionResponse, ...ERRORS },
    },
  }, async (request) => {
    const body = request.body;
    const replaced = await replaceCollection(deps, activeStudioOf(request), request.params.id, { ...inputOf(body), name: body.name });
    return { data: toPublicCollection(replaced, now(), await markOf(deps, replaced.id)) };
  });

  app.delete(`${BASE}/:id`, {
    config: WRITE,
    schema: { tags: ['collections'], summary: 'Delete a collection with its galleries, photos and visitor activity', params: IdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteCollection(deps, activeStudioOf(request), request.params.id, request.log);
    return reply.code(204).send(null);
  });

  app.get(`${BASE}/:id/galleries`, {
    config: READ,
    schema: { tags: ['collections'], summary: "A collection's galleries by position", params: IdParams, querystring: PageQuery, response: { 200: GalleryListResponse, ...ERRORS } },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.galleries.listGalleries(collection.id, { includePrivate: true }, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toPublicGallery), meta, links: pageLinks(`${BASE}/${collection.id}/galleries`, meta) };
  });

  app.post(`${BASE}/:id/galleries`, {
    config: WRITE,
    schema: { tags: ['galleries'], summary: 'Create a gallery in the collection', params: IdParams, body: GalleryBody, response: { 201: GalleryResponse, ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body;
    const gallery = await createGallery(deps, activeStudioOf(request), request.params.id, {
      name: b.name, ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.private !== undefined ? { private: b.private } : {}), ...(b.position !== undefined ? { position: b.position } : {}),
    });
    return reply.code(201).header('location', `/api/v1/galleries/${gallery.id}`).send({ data: toPublicGallery(gallery) });
  });

  app.get(`${BASE}/:id/clients`, {
    config: READ,
    schema: { tags: ['collections'], summary: "The collection's client access list (empty: anyone with the link and password)", params: IdParams, response: { 200: AccessListResponse, ...ERRORS } },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    return { data: (await deps.store.collections.listAccessList(collection.id)).map(toPublicAccessEntry) };
  });

  app.get(`${BASE}/:id/visitor_emails`, {
    config: READ,
    schema: { tags: ['collections'], summary: 'Emails of visitors who opened the collection, most recent first', params: IdParams, querystring: PageQuery, response: { 200: VisitorListResponse, ...ERRORS } },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.galleryActivity.listVisitors(collection.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toPublicVisitor), meta, links: pageLinks(`${BASE}/${collection.id}/visitor_emails`, meta) };
  });

  registerCollectionSelectionRoutes(app, deps);
  registerWatermarkRoutes(app, deps);
  registerClientMailRoutes(app, deps);

  app.get(`${BASE}/:id/downloads`, {
    config: READ,
    schema: {
      tags: ['collections'], summary: 'Every recorded download in the collection: who, which photo, which size, when',
      description: 'Newest first. Pages by number, or by cursor when `limit` or `cursor` is given (see the clients list).',
      params: IdParams, querystring: KeysetPageQuery, response: { 200: DownloadListResponse, ...ERRORS },
    },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const list = listRequest(request.url, request.query, 'dl');
    if (list.mode === 'cursor') {
      const rows = await deps.store.galleryActivity.listDownloadsAfter(collection.id, list.after, list.limit + 1);
      return cursorPage(rows, list.limit, `${BASE}/${collection.id}/downloads`, {}, toPublicDownload);
    }
    const { page, perPage: per_page } = list;
    const { items, total } = await deps.store.galleryActivity.listDownloads(collection.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toPublicDownload), meta, links: pageLinks(`${BASE}/${collection.id}/downloads`, meta) };
  });
}
