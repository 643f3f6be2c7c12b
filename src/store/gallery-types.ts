// Store interfaces of the Gallery API: collections, galleries, photos, visitor sessions and gallery activity.
import type { DownloadSize } from './schema.ts';
import type { KeysetCursor } from './keyset-types.ts';

/** The editable fields of a collection, validated by the collections service. */
export interface CollectionFields {
  name: string;
  description: string;
  /** YYYY-MM-DD. */
  eventDate: string | null;
  coverPhotoId: string | null;
  /** First instant (ms) the collection is expired; null for never. */
  expiresAt: number | null;
  downloadable: DownloadSize;
}

/** Delivery controls (issue #18), set apart from the other fields because only the collections service writes them. */
export interface CollectionDelivery {
  /** argon2id PHC string of the download PIN; null when downloads need no PIN. */
  downloadPinHash: string | null;
  /** Originals each visitor may download; null for no limit. */
  originalDownloadLimit: number | null;
  /** Visitors confirm their email with a mailed one-time code before they favorite or download (issue #20). */
  requireEmailConfirmation: boolean;
}

export interface CollectionRecord extends CollectionFields, CollectionDelivery {
  id: string;
  studioId: string;
  slug: string;
  passwordHash: string | null;
  galleryCount: number;
  photoCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface AccessListEntry {
  email: string;
  emailKey: string;
  createdAt: number;
}

/** Studio-scoped except `findCollectionByIdOrSlug`, which the gallery-visitor login uses before any session exists. */
export interface CollectionStore {
  /** Throws AppError('conflict') when the slug is taken. */
  createCollection(studioId: string, input: CollectionFields & Partial<CollectionDelivery> & { slug: string; passwordHash: string | null }, now: number): Promise<CollectionRecord>;
  findCollection(studioId: string, id: string): Promise<CollectionRecord | null>;
  findCollectionByIdOrSlug(idOrSlug: string): Promise<CollectionRecord | null>;
  updateCollection(studioId: string, id: string, patch: Partial<CollectionFields> & Partial<CollectionDelivery> & { passwordHash?: string | null }, now: number): Promise<CollectionRecord | null>;
  deleteCollection(studioId: string, id: string): Promise<boolean>;
  /** Newest first. */
  listCollections(studioId: string, page: { limit: number; offset: number }): Promise<{ items: CollectionRecord[]; total: number }>;
  replaceAccessList(collectionId: string, entries: readonly AccessListEntry[]): Promise<void>;
  listAccessList(collectionId: string): Promise<AccessListEntry[]>;
}

export interface GalleryFields {
  name: string;
  description: string;
  private: boolean;
  position: number;
}

export interface GalleryRecord extends GalleryFields {
  id: string;
  studioId: string;
  collectionId: string;
  photoCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface GalleryStore {
  /** A null position puts the gallery after the collection's last one. */
  createGallery(studioId: string, collectionId: string, input: Omit<GalleryFields, 'position'> & { position: number | null }, now: number): Promise<GalleryRecord>;
  findGallery(studioId: string, id: string): Promise<GalleryRecord | null>;
  updateGallery(studioId: string, id: string, patch: Partial<GalleryFields>, now: number): Promise<GalleryRecord | null>;
  deleteGallery(studioId: string, id: string): Promise<boolean>;
  /** By position; `includePrivate: false` is what gallery visitors see. */
  listGalleries(collectionId: string, options: { includePrivate: boolean }, page: { limit: number; offset: number }): Promise<{ items: GalleryRecord[]; total: number }>;
}

export interface PhotoRecord {
  id: string;
  studioId: string;
  collectionId: string;
  galleryId: string;
  filename: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
  takenAt: number | null;
  sha256: string;
  thumbnailSize: number;
  webSize: number;
  /** `#rrggbb` from sharp's stats().dominant; null for a photo the backfill has not reached yet. */
  dominantColor: string | null;
  createdAt: number;
  /** Which set of derivative files the photo has now: '' for its first, a new id for each re-render (part of their keys). */
  renderId: string;
  /** The collection's watermark revision its web and medium copies show; 0 for none. */
  watermarkRev: number;
  /** Bytes of the derivatives added in migration 0020; null until a photo made before has been rendered again. */
  mediumSize: number | null;
  thumbnailWebpSize: number | null;
  mediumWebpSize: number | null;
  webWebpSize: number | null;
}

/** A photo's derivative set as one render made it: what replaces the row's when the render is committed. */
export interface PhotoRendition {
  renderId: string;
  watermarkRev: number;
  thumbnailSize: number;
  webSize: number;
  mediumSize: number;
  thumbnailWebpSize: number;
  mediumWebpSize: number;
  webWebpSize: number;
}

export interface PhotoStore {
  insertPhotos(photos: readonly PhotoRecord[]): Promise<void>;
  findPhoto(studioId: string, id: string): Promise<PhotoRecord | null>;
  /** A photo of the collection in a gallery visitors may see (not private). */
  findVisiblePhoto(collectionId: string, id: string): Promise<PhotoRecord | null>;
  listGalleryPhotos(galleryId: string, page: { limit: number; offset: number }): Promise<{ items: PhotoRecord[]; total: number }>;
  /** Oldest first by (created_at, id), strictly after `after` when given; keyset, no count. */
  listGalleryPhotosAfter(galleryId: string, after: KeysetCursor | null, limit: number): Promise<PhotoRecord[]>;
  /** The photos a deletion of the gallery or collection will cascade to, with their render ids, so their files can go too. */
  listPhotoRenders(scope: { galleryId: string } | { collectionId: string }): Promise<Array<{ id: string; renderId: string }>>;
  /** Deletes the photo and clears it as a cover; false when the studio has no such photo. */
  deletePhoto(studioId: string, id: string): Promise<boolean>;
  /** Photos whose dominant colour is not known yet, oldest first (the start-up backfill). */
  listPhotosWithoutColor(limit: number): Promise<PhotoRecord[]>;
  /** Records a photo's dominant colour (`#rrggbb`). */
  setDominantColor(id: string, color: string): Promise<void>;
  /**
   * Photos to render again, oldest first by (created_at, id), strictly after `after`: `watermark`, those whose copies
   * show another revision than their collection's watermark; `derivatives`, those made before the medium size and
   * WebP copies existed.
   */
  listPhotosToRender(reason: 'watermark' | 'derivatives', after: KeysetCursor | null, limit: number): Promise<PhotoRecord[]>;
  /**
   * Names a new derivative set on the photo, only if it still has `expectedRenderId` (compare-and-set: of two renders
   * at once one wins, and the other removes its files). False when the photo is gone or was rendered meanwhile.
   */
  replaceRendition(id: string, expectedRenderId: string, next: PhotoRendition): Promise<boolean>;
}

export interface VisitorSessionRecord {
  /** SHA-256 of the token. */
  id: string;
  studioId: string;
  collectionId: string;
  email: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface VisitorSessionStore {
  createVisitorSession(session: VisitorSessionRecord): Promise<void>;
  findVisitorSession(id: string): Promise<VisitorSessionRecord | null>;
  touchVisitorSession(id: string, lastSeenAt: number): Promise<void>;
  deleteVisitorSession(id: string): Promise<void>;
  /** Every visitor session of one collection, oldest first (the access-list change ends those no longer listed). */
  listCollectionVisitorSessions(collectionId: string): Promise<VisitorSessionRecord[]>;
  /** Ends every visitor session of one collection; returns how many. */
  deleteCollectionVisitorSessions(collectionId: string): Promise<number>;
  deleteExpiredVisitorSessions(now: number, idleMs: number): Promise<number>;
}

export interface VisitorRecord {
  email: string;
  visits: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

export interface FavoriteRecord {
  photoId: string;
  galleryId: string;
  filename: string;
  email: string;
  createdAt: number;
}

export interface DownloadRecord {
  id: string;
  studioId: string;
  collectionId: string;
  photoId: string;
  email: string;
  size: 'web-size' | 'original';
  bytes: number;
  createdAt: number;
}

/** What gallery visitors do in a collection: visits, favorites, downloads. */
export interface GalleryActivityStore {
  recordVisit(collectionId: string, visitor: { email: string; emailKey: string }, now: number): Promise<void>;
  listVisitors(collectionId: string, page: { limit: number; offset: number }): Promise<{ items: VisitorRecord[]; total: number }>;
  /** True when the favorite is new. */
  addFavorite(collectionId: string, photoId: string, visitor: { email: string; emailKey: string }, now: number): Promise<boolean>;
  removeFavorite(collectionId: string, photoId: string, emailKey: string): Promise<boolean>;
  /** Newest first; `emailKey` narrows to one visitor. */
  listFavorites(collectionId: string, filter: { emailKey: string | null }, page: { limit: number; offset: number }): Promise<{ items: FavoriteRecord[]; total: number }>;
  /** Which of `photoIds` the visitor has favorited. */
  listFavoritePhotoIds(collectionId: string, emailKey: string, photoIds: readonly string[]): Promise<string[]>;
  recordDownload(download: DownloadRecord): Promise<void>;
  listDownloads(collectionId: string, page: { limit: number; offset: number }): Promise<{ items: DownloadRecord[]; total: number }>;
  /** Newest first by (created_at, id), strictly after `after` when given; keyset, no count. */
  listDownloadsAfter(collectionId: string, after: KeysetCursor | null, limit: number): Promise<DownloadRecord[]>;
}
