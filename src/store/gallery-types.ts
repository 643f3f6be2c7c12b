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
  /** Visitors may open it; false is a draft, which only the studio sees (migration 0022). */
  published: boolean;
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
  /**
   * Every collection of the studio, only what the dashboard searches and sorts by (a few short fields each, so the
   * search is Unicode-aware and the sort is by collation whatever the backend), newest first.
   */
  listCollectionIndex(studioId: string): Promise<CollectionIndexEntry[]>;
  /** The studio's collections with these ids, in the order given (ids of other studios, or gone, are left out). */
  listCollectionsByIds(studioId: string, ids: readonly string[]): Promise<CollectionRecord[]>;
  replaceAccessList(collectionId: string, entries: readonly AccessListEntry[]): Promise<void>;
  listAccessList(collectionId: string): Promise<AccessListEntry[]>;
  /** For each email key, the studio's collections whose access list has it (name order), in one query: the clients page. */
  listCollectionsOfEmails(studioId: string, emailKeys: readonly string[]): Promise<Map<string, Array<{ id: string; name: string }>>>;
}

/** What the studio dashboard searches and sorts collections by. */
export interface CollectionIndexEntry {
  id: string;
  name: string;
  slug: string;
  eventDate: string | null;
  createdAt: number;
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
  /**
   * Where the photo stands in its gallery: listings sort by (position, id). An upload takes its creation time in
   * microseconds plus its place in the upload, so it comes last and a batch keeps its order; a reorder or sort
   * renumbers the gallery from 0.
   */
  position: number;
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

/** Where a page of a gallery's photos ended: the last photo's position and id. */
export interface PhotoCursor {
  position: number;
  id: string;
}

export interface PhotoStore {
  insertPhotos(photos: readonly PhotoRecord[]): Promise<void>;
  findPhoto(studioId: string, id: string): Promise<PhotoRecord | null>;
  /** Which of these photo ids of the studio still have a row (one query, whatever the count). */
  existingPhotoIds(studioId: string, ids: readonly string[]): Promise<Set<string>>;
  /** A photo of the collection in a gallery visitors may see (not private). */
  findVisiblePhoto(collectionId: string, id: string): Promise<PhotoRecord | null>;
  listGalleryPhotos(galleryId: string, page: { limit: number; offset: number }): Promise<{ items: PhotoRecord[]; total: number }>;
  /** In the studio's order, (position, id), strictly after `after` when given; keyset, no count. */
  listGalleryPhotosAfter(galleryId: string, after: PhotoCursor | null, limit: number): Promise<PhotoRecord[]>;
  /** One in the collection with these bytes (SHA-256, base64url), the oldest; null when there is none. */
  findPhotoByHash(collectionId: string, sha256: string): Promise<PhotoRecord | null>;
  /** The gallery's photo ids in order, and their file names and capture times (for sorting): at most `limit`. */
  listPhotoOrder(galleryId: string, limit: number): Promise<Array<{ id: string; filename: string; takenAt: number | null }>>;
  /**
   * Numbers the gallery's photos 0, 1, 2, … in the order of `ids`, in one transaction; false (and nothing changed)
   * unless `ids` is exactly the gallery's photos, each once.
   */
  setPhotoOrder(galleryId: string, ids: readonly string[]): Promise<boolean>;
  /**
   * The photos a deletion of the gallery or collection will cascade to, with their render ids, so their files can go
   * too. Called inside the deleting transaction, it first holds the gallery's or collection's row, so a photo being
   * added at the same moment is either listed or refused (its gallery is gone), never deleted unlisted.
   */
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
   * Notes that a render is about to write the set `renderId` of a photo ('writing'): until `dueAt` (the end of the
   * render's claim) it is in flight; after it, its render is taken for dead and the set for removal.
   */
  noteRenderSet(set: { photoId: string; studioId: string; renderId: string }, dueAt: number): Promise<void>;
  /**
   * Names a new derivative set on the photo, only if it still has `expectedRenderId` (compare-and-set: of two renders
   * at once one wins, and the other removes its files) and the new set is still noted 'writing' (a render that
   * outlived its claim may have had its files removed). In the same transaction the note changes to the set now
   * unused: the old one when the photo switched (due for removal at `replacedDueAt`, so downloads that chose its
   * files before the switch can finish), the new one when it did not. False when the photo is gone, was rendered
   * meanwhile, or the note was retired.
   */
  replaceRendition(id: string, expectedRenderId: string, next: PhotoRendition, replacedDueAt: number): Promise<boolean>;
  /**
   * Marks a noted set 'unused': one still being written only once `lapsedBy` is past its due time (the sweep), or at
   * once without `lapsedBy` (its own render gave up). True when the set is now unused (so its files may go).
   */
  retireRenderSet(photoId: string, renderId: string, lapsedBy?: number): Promise<boolean>;
  /**
   * Noted sets whose files are to be removed at `now`: those due by then, unused or still 'writing' (a render that died),
   * in (due time, photo, set) order; with `after`, only those past it (a walk that passes over sets it left in place).
   */
  listRenderSetsDue(now: number, limit: number, after?: RenderSetPosition): Promise<RenderSetRecord[]>;
  /** Forgets a noted set, once its files are removed (or were never written). */
  forgetRenderSet(photoId: string, renderId: string): Promise<void>;
  /**
   * Notes the files of photos being deleted (their current set and the original) as unused: call it in the
   * transaction that deletes the rows, so a crash before the files are removed leaves the housekeeping to remove them.
   */
  noteDeletedPhotos(studioId: string, photos: ReadonlyArray<{ id: string; renderId: string }>): Promise<void>;
  /**
   * Claims the photo's next render until `until`, if it still has `expectedRenderId` and no unexpired claim (another
   * instance's pass): true when this caller holds it. replaceRendition ends the claim; a holder that dies lets it lapse.
   */
  claimRender(id: string, expectedRenderId: string, now: number, until: number): Promise<boolean>;
  /** Gives up the claim taken with `until` (a render that failed), so the next pass may try again; another's stays. */
  releaseRender(id: string, until: number): Promise<void>;
}

/** A set of photo files no photo row may name: being written by a render until `dueAt`, or unused and to be removed. */
/** Where a walk over due render sets stands: the last set it was given. */
export type RenderSetPosition = Pick<RenderSetRecord, 'dueAt' | 'photoId' | 'renderId'>;

export interface RenderSetRecord {
  photoId: string;
  studioId: string;
  renderId: string;
  state: 'writing' | 'unused';
  dueAt: number;
  /** The photo was deleted: its original goes too. */
  original: boolean;
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
  /** Visits (sign-ins), favorites added and downloads per UTC day from `since` on; days with none are left out. */
  activityByDay(collectionId: string, since: number): Promise<ActivityDay[]>;
  /** The latest visits, favorites and downloads together, newest first. */
  recentActivity(collectionId: string, limit: number): Promise<ActivityEvent[]>;
  /** Visits, favorites and downloads of each collection named, in three grouped queries (the studio dashboard). */
  activityTotals(collectionIds: readonly string[]): Promise<Map<string, ActivityTotals>>;
  /**
   * Removes the per-visit rows (what the chart counts) from before `before`; returns how many. The visitors' own
   * counts, favorites and downloads stay. The hourly housekeeping keeps the longest window the chart can show.
   */
  deleteVisitEventsBefore(before: number): Promise<number>;
}

export interface ActivityTotals {
  visits: number;
  favorites: number;
  downloads: number;
}

export interface ActivityDay extends ActivityTotals {
  /** Days since 1970-01-01 (UTC). */
  day: number;
}

export interface ActivityEvent {
  at: number;
  kind: 'visit' | 'favorite' | 'download';
  email: string;
  /** The photo's file name (favorites and downloads), null for a visit. */
  filename: string | null;
  /** A download's size (web-size or original), else null. */
  size: string | null;
}
