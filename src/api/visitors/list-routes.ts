// Gallery API for a visitor's favorite lists, notes, "send my selection" and the download PIN (issue #18). Thin.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { auditSink } from '../../http/audit.ts';
import { visitorOf } from '../../http/plugins/policy.ts';
import { PhotoIdParams } from '../photos/schemas.ts';
import { VISITOR_PHOTO_BASE, VisitorPhotoListResponse, VisitorPhotoResponse, toVisitorPhoto } from './schemas.ts';
import {
  DeliveryResponse, DownloadPinBody, FavoriteListBody, FavoriteListResponse, FavoriteListsResponse, ListParams, ListPhotoBody, ListPhotoParams,
  NoteBody, NoteResponse, SelectionResponse, toDelivery, toFavoriteList, toNote, toSelection,
} from './list-schemas.ts';
import { addToList, createList, deleteList, deleteNote, photoMarks, putNote, removeFromList, renameList, visibleList, visitorLists } from './favorite-lists.ts';
import { sendSelection } from './selection.ts';
import { enterDownloadPin, stateOf } from './delivery.ts';

const BASE = '/api/v1/gallery';
const LISTS = `${BASE}/favorite-lists`;
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const VISITOR = { policy: { access: 'visitor' } } as const;
const TAGS = ['gallery'];

export function registerVisitorListRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(LISTS, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Your favorite lists: the default one ("Favorites") first, then the others oldest first', response: { 200: FavoriteListsResponse, ...ERRORS } },
  }, async (request) => ({ data: (await visitorLists(deps, visitorOf(request))).map(toFavoriteList) }));

  app.post(LISTS, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Create a named favorite list (409 conflict for a name you already use)', body: FavoriteListBody, response: { 201: FavoriteListResponse, ...ERRORS } },
  }, async (request, reply) => {
    const list = await createList(deps, visitorOf(request), request.body.name);
    return reply.code(201).header('location', `${LISTS}/${list.id}`).send({ data: toFavoriteList(list) });
  });

  app.get(`${LISTS}/:id`, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'One of your favorite lists (404 for anyone else\'s)', params: ListParams, response: { 200: FavoriteListResponse, ...ERRORS } },
  }, async (request) => ({ data: toFavoriteList(await visibleList(deps, visitorOf(request), request.params.id)) }));

  app.patch(`${LISTS}/:id`, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Rename a favorite list (the default one too)', params: ListParams, body: FavoriteListBody, response: { 200: FavoriteListResponse, ...ERRORS } },
  }, async (request) => ({ data: toFavoriteList(await renameList(deps, visitorOf(request), request.params.id, request.body.name)) }));

  app.delete(`${LISTS}/:id`, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Delete a favorite list and its photos from it (409 for the default list)', params: ListParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteList(deps, visitorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get(`${LISTS}/:id/photos`, {
    config: VISITOR,
    schema: {
      tags: TAGS, summary: "A favorite list's photos, most recently added first", params: ListParams,
      querystring: Type.Object({ ...PageQueryFields }), response: { 200: VisitorPhotoListResponse, ...ERRORS },
    },
  }, async (request) => {
    const visitor = visitorOf(request);
    const list = await visibleList(deps, visitor, request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.favoriteLists.listListPhotos(list.id, pageWindow(page, per_page));
    const photos = [];
    for (const item of items) {
      const photo = await deps.store.photos.findVisiblePhoto(visitor.collection.id, item.photoId);
      if (photo) photos.push(photo);
    }
    const marks = await photoMarks(deps, visitor, photos);
    const meta = pageMeta(page, per_page, total);
    return { data: photos.map((p) => toVisitorPhoto(p, visitor.collection, marks)), meta, links: pageLinks(`${LISTS}/${list.id}/photos`, meta) };
  });

  app.post(`${LISTS}/:id/photos`, {
    config: VISITOR,
    schema: {
      tags: TAGS, summary: 'Add a photo to a favorite list (201 when new, 200 when it already was; 404 for a photo outside your collection)',
      params: ListParams, body: ListPhotoBody, response: { 200: VisitorPhotoResponse, 201: VisitorPhotoResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const list = await visibleList(deps, visitor, request.params.id);
    const { photo, created } = await addToList(deps, visitor, list, request.body.photo_id);
    const marks = await photoMarks(deps, visitor, [photo]);
    return reply.code(created ? 201 : 200).send({ data: toVisitorPhoto(photo, visitor.collection, marks) });
  });

  app.delete(`${LISTS}/:id/photos/:photo_id`, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Remove a photo from a favorite list (idempotent)', params: ListPhotoParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    await removeFromList(deps, visitor, await visibleList(deps, visitor, request.params.id), request.params.photo_id);
    return reply.code(204).send(null);
  });

  app.post(`${LISTS}/:id/send`, {
    config: VISITOR,
    schema: {
      tags: TAGS,
      summary: '"Send my selection": record the list as it is now, notify the studio and mail its owners (400 empty_selection for an empty list)',
      params: ListParams, response: { 201: SelectionResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const selection = await sendSelection(deps, visitor, await visibleList(deps, visitor, request.params.id));
    return reply.code(201).send({ data: toSelection(selection) });
  });

  app.put(`${VISITOR_PHOTO_BASE}/:id/note`, {
    config: VISITOR,
    schema: {
      tags: TAGS, summary: 'Write your note on a photo (plain text, at most 1000 characters; an empty note deletes it)',
      params: PhotoIdParams, body: NoteBody, response: { 200: NoteResponse, ...ERRORS },
    },
  }, async (request) => {
    const { photo, note } = await putNote(deps, visitorOf(request), request.params.id, request.body.note);
    return { data: toNote(photo.id, note) };
  });

  app.delete(`${VISITOR_PHOTO_BASE}/:id/note`, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Delete your note on a photo (idempotent)', params: PhotoIdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteNote(deps, visitorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post(`${BASE}/download-pin`, {
    bodyLimit: deps.config.server.authBodyLimit,
    config: VISITOR,
    schema: {
      tags: TAGS,
      summary: 'Enter the download PIN: remembered for this visitor session (403 download_pin_invalid when wrong, 429 when throttled like a password)',
      body: DownloadPinBody, response: { 200: DeliveryResponse, ...ERRORS },
    },
  }, async (request) => {
    const visitor = visitorOf(request);
    await enterDownloadPin(deps, visitor, request.body.pin, request.ip, auditSink(deps, request));
    return { data: toDelivery(await stateOf(deps, visitor)) };
  });
}
