// Store interfaces of a visitor's favorite lists, notes and sent selections, and of a collection's delivery controls
// (the download PIN remembered per visitor session, the count of originals per visitor). Issue #18.

/** Whose list or note: the visitor's email as given and its NFKC + lower-case key. */
export interface ListOwner {
  email: string;
  emailKey: string;
}

export interface FavoriteListRecord {
  id: string;
  collectionId: string;
  email: string;
  emailKey: string;
  name: string;
  /** The visitor's default list ("Favorites"): always there, never deleted; what the flat favorites API reads and writes. */
  isDefault: boolean;
  photoCount: number;
  createdAt: number;
  updatedAt: number;
}

/** A name as the service validated it, with its NFKC + lower-case key (unique per visitor). */
export interface ListName {
  name: string;
  nameKey: string;
}

/** Which of the visitor's lists hold a photo. */
export interface ListMembership {
  photoId: string;
  listId: string;
  isDefault: boolean;
}

/** A photo in a list, as the studio sees it: whose list, which one, and the visitor's note on the photo. */
export interface ListedPhotoRecord {
  listId: string;
  listName: string;
  isDefault: boolean;
  photoId: string;
  galleryId: string;
  filename: string;
  email: string;
  note: string | null;
  createdAt: number;
}

/**
 * Lists are scoped to one visitor of one collection (collection id + email key): another visitor's list, or one of
 * another collection, is indistinguishable from a missing one.
 */
export interface FavoriteListStore {
  /** The visitor's default list, created when missing; concurrent calls agree on one list. */
  ensureDefaultList(collectionId: string, owner: ListOwner, now: number): Promise<FavoriteListRecord>;
  /** Throws AppError('conflict') when the visitor already has a list of that name. */
  createList(collectionId: string, owner: ListOwner, name: ListName, now: number): Promise<FavoriteListRecord>;
  findList(collectionId: string, emailKey: string, id: string): Promise<FavoriteListRecord | null>;
  /** Null when the visitor has no such list; AppError('conflict') on a taken name. */
  renameList(collectionId: string, emailKey: string, id: string, name: ListName, now: number): Promise<FavoriteListRecord | null>;
  /** Deletes one of the visitor's lists other than the default (false for the default or a missing list). */
  deleteList(collectionId: string, emailKey: string, id: string): Promise<boolean>;
  /** The default list first, then the others oldest first. */
  listOwnerLists(collectionId: string, emailKey: string): Promise<FavoriteListRecord[]>;
  /** True when the photo is new in the list. */
  addListPhoto(list: { id: string; collectionId: string }, photoId: string, now: number): Promise<boolean>;
  removeListPhoto(listId: string, photoId: string): Promise<boolean>;
  /** The list's photos, most recently added first. */
  listListPhotos(listId: string, page: { limit: number; offset: number }): Promise<{ items: Array<{ photoId: string; addedAt: number }>; total: number }>;
  /** Every photo id of the list (for sending it, at most `max`), most recently added first. */
  listAllListPhotoIds(listId: string, max: number): Promise<string[]>;
  /** Which of the visitor's lists hold each of `photoIds`. */
  listMemberships(collectionId: string, emailKey: string, photoIds: readonly string[]): Promise<ListMembership[]>;
  /** Studio: every visitor's lists, by email and then oldest first. */
  listCollectionLists(collectionId: string, page: { limit: number; offset: number }): Promise<{ items: FavoriteListRecord[]; total: number }>;
  /** Studio: the photos in the collection's lists (one list when `listId` is given), most recently added first. */
  listCollectionListPhotos(collectionId: string, filter: { listId: string | null }, page: { limit: number; offset: number }): Promise<{ items: ListedPhotoRecord[]; total: number }>;
}

export interface PhotoNoteRecord {
  collectionId: string;
  photoId: string;
  email: string;
  note: string;
  createdAt: number;
  updatedAt: number;
}

/** One note per visitor and photo: plain text, stored as written, rendered escaped. */
export interface PhotoNoteStore {
  /** Creates or replaces the visitor's note on the photo. */
  putNote(collectionId: string, photoId: string, owner: ListOwner, note: string, now: number): Promise<PhotoNoteRecord>;
  deleteNote(collectionId: string, photoId: string, emailKey: string): Promise<boolean>;
  listOwnerNotes(collectionId: string, emailKey: string, photoIds: readonly string[]): Promise<PhotoNoteRecord[]>;
  /** Studio: every visitor's notes in the collection, most recently changed first, with the photo's name. */
  listCollectionNotes(collectionId: string, page: { limit: number; offset: number }): Promise<{ items: Array<PhotoNoteRecord & { galleryId: string; filename: string }>; total: number }>;
}

/** A list as the visitor sent it to the studio ("send my selection"). */
export interface SelectionRecord {
  id: string;
  studioId: string;
  collectionId: string;
  listId: string;
  listName: string;
  email: string;
  emailKey: string;
  photoIds: string[];
  createdAt: number;
}

export interface SelectionStore {
  recordSelection(selection: SelectionRecord): Promise<void>;
  /** Newest first. */
  listSelections(collectionId: string, page: { limit: number; offset: number }): Promise<{ items: SelectionRecord[]; total: number }>;
  /** How many selections the visitor has sent at or after `since` (the guard on the owners' inbox). */
  countVisitorSelectionsSince(collectionId: string, emailKey: string, since: number): Promise<number>;
  /** The emails of the studio's owners whose accounts are not disabled: who is mailed a sent selection. */
  listOwnerEmails(studioId: string): Promise<string[]>;
}

export type OriginalReservation =
  | { ok: true; used: number; added: number }
  | { ok: false; used: number; requested: number };

export interface DownloadControlStore {
  /** Remembers that the visitor session entered the download PIN (idempotent). */
  unlockDownloads(sessionId: string, collectionId: string, now: number): Promise<void>;
  isDownloadUnlocked(sessionId: string): Promise<boolean>;
  /** Forgets every session's PIN of the collection (its PIN changed or went); returns how many. */
  clearDownloadUnlocks(collectionId: string): Promise<number>;
  /** How many originals the visitor has been counted for. */
  originalDownloadsUsed(collectionId: string, emailKey: string): Promise<number>;
  /** Which of `photoIds` the visitor has already been counted for (downloading them again is free). */
  listGrantedOriginals(collectionId: string, emailKey: string, photoIds: readonly string[]): Promise<string[]>;
  /**
   * Counts the photos of `photoIds` not counted before, all or none: refused (`ok: false`, nothing changed) when that
   * would take the visitor past `limit` (null: no limit). Concurrent reservations of one visitor are serialised.
   */
  reserveOriginals(collectionId: string, emailKey: string, photoIds: readonly string[], limit: number | null, now: number): Promise<OriginalReservation>;
}
