// Studio API: what the collection's visitors picked: every list with its photos and notes (the favorites route), the
// lists themselves, the notes, and the selections they sent (issue #18). Read-only, scoped to the active studio.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import { IdParams } from './schemas.ts';
import { getCollection } from './service.ts';
import {
  FavoriteListResponse, FavoritesQuery, NotesResponse, SelectionsResponse, VisitorListsResponse, toListedFavorite, toStudioNote, toStudioSelection, toVisitorList,
} from './selection-schemas.ts';

const BASE = '/api/v1/collections';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'galleries:read' } } as const;
const TAGS = ['collections'];

export function registerCollectionSelectionRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/:id/favorites`, {
    config: READ,
    schema: {
      tags: TAGS, summary: "Visitors' favorites in the collection: every photo in every visitor's lists, with the list and the visitor's note, newest first",
      params: IdParams, querystring: Type.Object({ ...PageQueryFields, ...FavoritesQuery.properties }), response: { 200: FavoriteListResponse, ...ERRORS },
    },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page, list_id } = request.query;
    if (list_id !== undefined && !isIdOf('fl', list_id)) throw new AppError('invalid_id_format', 'List id must look like fl_ followed by 22 letters or digits');
    const { items, total } = await deps.store.favoriteLists.listCollectionListPhotos(collection.id, { listId: list_id ?? null }, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toListedFavorite), meta, links: pageLinks(`${BASE}/${collection.id}/favorites`, meta, list_id === undefined ? {} : { list_id }) };
  });

  app.get(`${BASE}/:id/favorite-lists`, {
    config: READ,
    schema: {
      tags: TAGS, summary: "Every visitor's favorite lists in the collection, with their photo counts (by email, the default list first)",
      params: IdParams, querystring: Type.Object({ ...PageQueryFields }), response: { 200: VisitorListsResponse, ...ERRORS },
    },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.favoriteLists.listCollectionLists(collection.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toVisitorList), meta, links: pageLinks(`${BASE}/${collection.id}/favorite-lists`, meta) };
  });

  app.get(`${BASE}/:id/photo-notes`, {
    config: READ,
    schema: { tags: TAGS, summary: "Visitors' notes on photos of the collection, most recently changed first", params: IdParams, querystring: Type.Object({ ...PageQueryFields }), response: { 200: NotesResponse, ...ERRORS } },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.photoNotes.listCollectionNotes(collection.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toStudioNote), meta, links: pageLinks(`${BASE}/${collection.id}/photo-notes`, meta) };
  });

  app.get(`${BASE}/:id/selections`, {
    config: READ,
    schema: {
      tags: TAGS, summary: 'Selections the visitors sent ("send my selection"): when, which list, which photos; newest first',
      params: IdParams, querystring: Type.Object({ ...PageQueryFields }), response: { 200: SelectionsResponse, ...ERRORS },
    },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const { page, per_page } = request.query;
    const { items, total } = await deps.store.selections.listSelections(collection.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toStudioSelection), meta, links: pageLinks(`${BASE}/${collection.id}/selections`, meta) };
  });
}
