// A gallery visitor's own marks on photos: the default favorites list, named favorite lists, notes, and sending a
// list to the studio ("send my selection").
import type { CallOptions, Transport } from './transport.ts';
import { items, paginate } from './pagination.ts';
import type { FavoriteList, Page, PageQuery, PhotoNote, Selection, VisitorPhoto } from './types.ts';

const BASE = '/api/v1/gallery';
const seg = (id: string): string => encodeURIComponent(id);

async function data<T>(promise: Promise<{ data: T }>): Promise<T> {
  return (await promise).data;
}

/** The default list ("Favorites"), the one the gallery's hearts write. */
export interface FavoritesAPI {
  /** Newest first; each photo with `favorite`, `lists` and `note`. */
  list(query?: PageQuery, options?: CallOptions): Promise<Page<VisitorPhoto>>;
  iterate(query?: PageQuery, options?: CallOptions): AsyncGenerator<VisitorPhoto, void, undefined>;
  /** Idempotent: a photo already there stays once. 404 for a photo outside the collection or in a private gallery. */
  add(photoId: string, options?: CallOptions): Promise<VisitorPhoto>;
  /** Idempotent. */
  remove(photoId: string, options?: CallOptions): Promise<void>;
}

export function favoritesAPI(t: Transport): FavoritesAPI {
  const path = `${BASE}/favorites`;
  return {
    list: (query = {}, options = {}) => t.json<Page<VisitorPhoto>>({ method: 'GET', path, query, ...options }),
    iterate: (query = {}, options = {}) => items(paginate<VisitorPhoto>(t, path, query, options)),
    add: (photoId, options = {}) => data(t.json({ method: 'POST', path, json: { photo_id: photoId }, ...options })),
    remove: async (photoId, options = {}) => {
      await t.send({ method: 'DELETE', path: `${path}/${seg(photoId)}`, ...options });
    },
  };
}

/** Named lists besides the default one; names are unique per visitor regardless of case (409 `conflict`). */
export interface FavoriteListsAPI {
  /** The default list first, then the others oldest first. */
  list(options?: CallOptions): Promise<FavoriteList[]>;
  get(listId: string, options?: CallOptions): Promise<FavoriteList>;
  create(name: string, options?: CallOptions): Promise<FavoriteList>;
  /** The default list may be renamed too. */
  rename(listId: string, name: string, options?: CallOptions): Promise<FavoriteList>;
  /** 409 for the default list. */
  delete(listId: string, options?: CallOptions): Promise<void>;
  /** Most recently added first. */
  photos(listId: string, query?: PageQuery, options?: CallOptions): Promise<Page<VisitorPhoto>>;
  iteratePhotos(listId: string, query?: PageQuery, options?: CallOptions): AsyncGenerator<VisitorPhoto, void, undefined>;
  addPhoto(listId: string, photoId: string, options?: CallOptions): Promise<VisitorPhoto>;
  removePhoto(listId: string, photoId: string, options?: CallOptions): Promise<void>;
}

export function favoriteListsAPI(t: Transport): FavoriteListsAPI {
  const base = `${BASE}/favorite-lists`;
  const one = (id: string): string => `${base}/${seg(id)}`;
  return {
    list: (options = {}) => data(t.json({ method: 'GET', path: base, ...options })),
    get: (listId, options = {}) => data(t.json({ method: 'GET', path: one(listId), ...options })),
    create: (name, options = {}) => data(t.json({ method: 'POST', path: base, json: { name }, ...options })),
    rename: (listId, name, options = {}) => data(t.json({ method: 'PATCH', path: one(listId), json: { name }, ...options })),
    delete: async (listId, options = {}) => {
      await t.send({ method: 'DELETE', path: one(listId), ...options });
    },
    photos: (listId, query = {}, options = {}) => t.json<Page<VisitorPhoto>>({ method: 'GET', path: `${one(listId)}/photos`, query, ...options }),
    iteratePhotos: (listId, query = {}, options = {}) => items(paginate<VisitorPhoto>(t, `${one(listId)}/photos`, query, options)),
    addPhoto: (listId, photoId, options = {}) => data(t.json({ method: 'POST', path: `${one(listId)}/photos`, json: { photo_id: photoId }, ...options })),
    removePhoto: async (listId, photoId, options = {}) => {
      await t.send({ method: 'DELETE', path: `${one(listId)}/photos/${seg(photoId)}`, ...options });
    },
  };
}

/** The visitor's note per photo: plain text, at most 1000 characters (422 `note_too_long`). */
export interface NotesAPI {
  /** An empty note deletes it. */
  set(photoId: string, note: string, options?: CallOptions): Promise<PhotoNote>;
  /** Idempotent. */
  clear(photoId: string, options?: CallOptions): Promise<void>;
}

export function notesAPI(t: Transport): NotesAPI {
  const path = (photoId: string): string => `${BASE}/photos/${seg(photoId)}/note`;
  return {
    set: (photoId, note, options = {}) => data(t.json({ method: 'PUT', path: path(photoId), json: { note }, ...options })),
    clear: async (photoId, options = {}) => {
      await t.send({ method: 'DELETE', path: path(photoId), ...options });
    },
  };
}

/**
 * Sends the list as it is now to the studio (recorded, notified, mailed to its owners). 400 `empty_selection` for an
 * empty list; 429 `rate_limited` past ten an hour.
 */
export function submitSelection(t: Transport, listId: string, options: CallOptions = {}): Promise<Selection> {
  return data(t.json({ method: 'POST', path: `${BASE}/favorite-lists/${seg(listId)}/send`, ...options }));
}
