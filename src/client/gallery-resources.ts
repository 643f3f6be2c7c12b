// Typed methods for collections, galleries and photos, with the streaming upload and download helpers.
import type { CallOptions, Transport } from './transport.ts';
import { items, paginate } from './pagination.ts';
import { multipartBody, replayable, type UploadSource } from './multipart.ts';
import type { FileAccess } from './files.ts';
import {
  downloadCollection, downloadPhoto, photoBlob, uploadPhotos, type CollectionDownloadEvent, type CollectionDownloadResult, type PhotoVariant, type TransferOptions, type UploadOptions,
} from './transfers.ts';
import type {
  Collection, CollectionClient, CollectionDownload, CollectionDownloadsQuery, CollectionFavorite, CollectionFavoritesQuery, CollectionInput, CollectionPatch,
  CollectionPhotoNote, CollectionReplacement, CollectionSelection, Gallery, GalleryInput, GalleryPatch, GalleryReplacement, NotifiedClients, CollectionActivity,
  NotifyClientsInput, Page, PageQuery, CollectionListQuery, Photo, VisitorEmail, VisitorFavoriteList,
} from './types.ts';

const seg = (id: string): string => encodeURIComponent(id);

async function data<T>(promise: Promise<{ data: T }>): Promise<T> {
  return (await promise).data;
}

export interface CollectionsAPI {
  list(query?: CollectionListQuery, options?: CallOptions): Promise<Page<Collection>>;
  iterate(query?: CollectionListQuery, options?: CallOptions): AsyncGenerator<Collection, void, undefined>;
  get(id: string, options?: CallOptions): Promise<Collection>;
  create(input: CollectionInput, options?: CallOptions): Promise<Collection>;
  /** PATCH: changes the fields it names, keeps the rest. */
  update(id: string, input: CollectionPatch, options?: CallOptions): Promise<Collection>;
  /** PUT: a field left out returns to its default (the password and download PIN are kept unless named). */
  replace(id: string, input: CollectionReplacement, options?: CallOptions): Promise<Collection>;
  delete(id: string, options?: CallOptions): Promise<void>;
  galleries(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<Gallery>>;
  /** The collection's access list. */
  clients(id: string, options?: CallOptions): Promise<CollectionClient[]>;
  /** Who opened the collection, how often, first and last. */
  visitorEmails(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<VisitorEmail>>;
  /** Every photo in every visitor's lists, with the list and the visitor's note (`list_id` for one list). */
  favorites(id: string, query?: CollectionFavoritesQuery, options?: CallOptions): Promise<Page<CollectionFavorite>>;
  favoriteLists(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<VisitorFavoriteList>>;
  photoNotes(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<CollectionPhotoNote>>;
  /** The selections visitors sent ("send my selection"), newest first. */
  selections(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<CollectionSelection>>;
  downloads(id: string, query?: CollectionDownloadsQuery, options?: CallOptions): Promise<Page<CollectionDownload>>;
  /** Mails the clients on the access list (or `emails` of it) that their gallery is ready, with an optional `message`. */
  notifyClients(id: string, input?: NotifyClientsInput, options?: CallOptions): Promise<NotifiedClients>;
  /** Visits, favorites and downloads per day over `days` (default 30), the totals, and the latest events. */
  activity(id: string, query?: { days?: number }, options?: CallOptions): Promise<CollectionActivity>;
  /** Every photo into `dir/<gallery>/<filename>`, skipping files already there with the right size (Node only). */
  download(id: string, dir: string, options?: CallOptions & { variant?: PhotoVariant; onFile?: (event: CollectionDownloadEvent) => void }): Promise<CollectionDownloadResult>;
  /** Uploads a PNG, JPEG or WebP logo and watermarks with it (422 `invalid_watermark_logo` for anything else). */
  uploadWatermarkLogo(id: string, logo: UploadSource, options?: CallOptions): Promise<Collection>;
  /** The stored logo (a PNG). */
  watermarkLogo(id: string, options?: CallOptions): Promise<Blob>;
  /** Removes the logo; a logo watermark is then off. */
  deleteWatermarkLogo(id: string, options?: CallOptions): Promise<Collection>;
}

export function collectionsAPI(t: Transport, files: FileAccess): CollectionsAPI {
  const base = '/api/v1/collections';
  return {
    list: (query = {}, options = {}) => t.json<Page<Collection>>({ method: 'GET', path: base, query, ...options }),
    iterate: (query = {}, options = {}) => items(paginate<Collection>(t, base, query, options)),
    get: (id, options = {}) => data(t.json({ method: 'GET', path: `${base}/${seg(id)}`, ...options })),
    create: (input, options = {}) => data(t.json({ method: 'POST', path: base, json: input, ...options })),
    update: (id, input, options = {}) => data(t.json({ method: 'PATCH', path: `${base}/${seg(id)}`, json: input, ...options })),
    replace: (id, input, options = {}) => data(t.json({ method: 'PUT', path: `${base}/${seg(id)}`, json: input, ...options })),
    delete: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
    galleries: (id, query = {}, options = {}) => t.json<Page<Gallery>>({ method: 'GET', path: `${base}/${seg(id)}/galleries`, query, ...options }),
    clients: (id, options = {}) => data(t.json({ method: 'GET', path: `${base}/${seg(id)}/clients`, ...options })),
    visitorEmails: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/visitor_emails`, query, ...options }),
    favorites: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/favorites`, query, ...options }),
    favoriteLists: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/favorite-lists`, query, ...options }),
    photoNotes: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/photo-notes`, query, ...options }),
    selections: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/selections`, query, ...options }),
    downloads: (id, query = {}, options = {}) => t.json({ method: 'GET', path: `${base}/${seg(id)}/downloads`, query, ...options }),
    notifyClients: (id, input = {}, options = {}) => data(t.json({ method: 'POST', path: `${base}/${seg(id)}/notify-clients`, json: input, ...options })),
    activity: (id, query = {}, options = {}) => data(t.json({ method: 'GET', path: `${base}/${seg(id)}/activity`, query, ...options })),
    download: (id, dir, options = {}) => downloadCollection(t, files, id, dir, options),
    uploadWatermarkLogo: (id, logo, options = {}) => {
      const body = (): { body: NonNullable<RequestInit['body']>; contentType: string } => {
        const multipart = multipartBody([logo], files);
        return { body: multipart.body as unknown as NonNullable<RequestInit['body']>, contentType: multipart.contentType };
      };
      return data(t.json({ method: 'PUT', path: `${base}/${seg(id)}/watermark/logo`, body, replayable: replayable([logo]), ...options }));
    },
    watermarkLogo: async (id, options = {}) => (await t.send({ method: 'GET', path: `${base}/${seg(id)}/watermark/logo`, headers: { accept: 'image/png' }, ...options })).blob(),
    deleteWatermarkLogo: (id, options = {}) => data(t.json({ method: 'DELETE', path: `${base}/${seg(id)}/watermark/logo`, ...options })),
  };
}

export interface GalleriesAPI {
  get(id: string, options?: CallOptions): Promise<Gallery>;
  create(collectionId: string, input: GalleryInput, options?: CallOptions): Promise<Gallery>;
  update(id: string, input: GalleryPatch, options?: CallOptions): Promise<Gallery>;
  /** PUT: a field left out returns to its default (public again); the position is kept. */
  replace(id: string, input: GalleryReplacement, options?: CallOptions): Promise<Gallery>;
  delete(id: string, options?: CallOptions): Promise<void>;
  photos(id: string, query?: PageQuery, options?: CallOptions): Promise<Page<Photo>>;
  iteratePhotos(id: string, query?: PageQuery, options?: CallOptions): AsyncGenerator<Photo, void, undefined>;
  /** Sets the order of the gallery's photos: every photo id, each once (422 photo_order_mismatch otherwise). */
  setPhotoOrder(id: string, photoIds: string[], options?: CallOptions): Promise<string[]>;
  /** Sorts the gallery by capture time or file name and keeps that order; resolves with it. */
  sortPhotos(id: string, by: 'taken_at' | 'filename', direction?: 'asc' | 'desc', options?: CallOptions): Promise<string[]>;
}

export function galleriesAPI(t: Transport): GalleriesAPI {
  const base = '/api/v1/galleries';
  return {
    get: (id, options = {}) => data(t.json({ method: 'GET', path: `${base}/${seg(id)}`, ...options })),
    create: (collectionId, input, options = {}) => data(t.json({ method: 'POST', path: `/api/v1/collections/${seg(collectionId)}/galleries`, json: input, ...options })),
    update: (id, input, options = {}) => data(t.json({ method: 'PATCH', path: `${base}/${seg(id)}`, json: input, ...options })),
    replace: (id, input, options = {}) => data(t.json({ method: 'PUT', path: `${base}/${seg(id)}`, json: input, ...options })),
    delete: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
    photos: (id, query = {}, options = {}) => t.json<Page<Photo>>({ method: 'GET', path: `${base}/${seg(id)}/photos`, query, ...options }),
    iteratePhotos: (id, query = {}, options = {}) => items(paginate<Photo>(t, `${base}/${seg(id)}/photos`, query, options)),
    setPhotoOrder: async (id, photoIds, options = {}) => (await t.json<{ data: { photo_ids: string[] } }>({ method: 'PUT', path: `${base}/${seg(id)}/photo-order`, json: { photo_ids: photoIds }, ...options })).data.photo_ids,
    sortPhotos: async (id, by, direction = 'asc', options = {}) => (await t.json<{ data: { photo_ids: string[] } }>({ method: 'POST', path: `${base}/${seg(id)}/photo-order/sort`, json: { by, direction }, ...options })).data.photo_ids,
  };
}

export interface PhotosAPI {
  get(id: string, options?: CallOptions): Promise<Photo>;
  delete(id: string, options?: CallOptions): Promise<void>;
  /**
   * One multipart request with every file (the server stores all or none). Paths and streams are streamed (Node);
   * bytes, Blobs and a browser's File objects are sent as one Blob. Progress counts file bytes.
   */
  upload(galleryId: string, files: UploadSource[], options?: UploadOptions): Promise<Photo[]>;
  /** Streams a photo file to `dest` (Node only); returns the bytes written. */
  download(id: string, dest: string, options?: TransferOptions & { variant?: PhotoVariant }): Promise<number>;
  /** A photo file as a Blob (what a browser uses instead of `download`). */
  blob(id: string, options?: CallOptions & { variant?: PhotoVariant }): Promise<Blob>;
}

export function photosAPI(t: Transport, files: FileAccess): PhotosAPI {
  const base = '/api/v1/photos';
  return {
    get: (id, options = {}) => data(t.json({ method: 'GET', path: `${base}/${seg(id)}`, ...options })),
    delete: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
    upload: (galleryId, sources, options = {}) => uploadPhotos(t, files, galleryId, sources, options),
    download: (id, dest, options = {}) => downloadPhoto(t, files, id, dest, options),
    blob: (id, options = {}) => photoBlob(t, id, options),
  };
}
