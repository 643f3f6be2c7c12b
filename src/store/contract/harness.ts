// What every contract suite shares: the backend factory, a per-test store, fixtures and the AppError assertion.
import assert from 'node:assert/strict';
import { AppError, type ErrorCode } from '../../errors.ts';
import type { CollectionRecord, PhotoRecord, Role, SessionRecord, Store, StudioRecord, UserRecord } from '../types.ts';

export interface StoreHandle {
  store: Store;
  /** Closes the store and removes what it created (file, database, schema). */
  cleanup(): Promise<void>;
}

/** A photo made before migration 0020 (or any fixture that does not care): its first derivatives, no medium or WebP. */
export const FIRST_RENDITION = {
  renderId: '', watermarkRev: 0, mediumSize: null, thumbnailWebpSize: null, mediumWebpSize: null, webWebpSize: null,
} as const;

/** Opens a fresh, migrated, empty store. */
export type StoreFactory = () => Promise<StoreHandle>;

/** Runs `fn` against a fresh store and cleans it up whatever happens. */
export async function withStore(factory: StoreFactory, fn: (store: Store) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory();
  try {
    await fn(store);
  } finally {
    await cleanup();
  }
}

/** Asserts that `promise` rejects with an AppError of `code`: a raw driver error is a contract failure. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError(${code}), got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

export async function addUser(store: Store, name: string, now = 1): Promise<UserRecord> {
  return store.users.createUser({
    email: `${name}@Example.test`, emailKey: `${name}@example.test`, username: name, usernameKey: name,
    firstName: name, lastName: 'Tester', passwordHash: `$argon2id$hash-of-${name}`, now,
  });
}

export async function addStudio(store: Store, slug: string, now = 1): Promise<StudioRecord> {
  return store.studios.createStudio({ name: `Studio ${slug}`, slug, now });
}

export async function addMember(store: Store, slug: string, name: string, role: Role): Promise<{ user: UserRecord; studio: StudioRecord }> {
  const studio = await addStudio(store, slug);
  const user = await addUser(store, name);
  await store.studios.putMembership({ studioId: studio.id, userId: user.id, role, now: 2 });
  return { user, studio };
}

/** A session id shaped like the SHA-256 hex the auth layer stores. */
export function hashId(seed: string): string {
  return Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64);
}

export function sessionFor(user: UserRecord, studioId: string | null, seed: string, times: Partial<SessionRecord> = {}): SessionRecord {
  return { id: hashId(seed), userId: user.id, studioId, kind: 'cookie', createdAt: 10, lastSeenAt: 10, expiresAt: 10_000, ...times };
}

export interface PhotoScene { studioId: string; collection: CollectionRecord; other: CollectionRecord; photos: PhotoRecord[]; foreign: PhotoRecord }

export function photoRecord(studioId: string, collectionId: string, galleryId: string, id: string, createdAt: number): PhotoRecord {
  return {
    id, studioId, collectionId, galleryId, filename: `${id}.jpg`, contentType: 'image/jpeg', size: 1000, width: 30, height: 20,
    takenAt: null, sha256: `sha-${id}`, thumbnailSize: 10, webSize: 100, dominantColor: null, createdAt, ...FIRST_RENDITION, position: createdAt,
  };
}

/**
 * One studio and two collections with a gallery each: photos `ids` (created at `times`) in the first, `foreignId` in
 * the second, for the suites that check a collection never sees another's photos.
 */
export async function photoScene(store: Store, options: {
  slug: string; slugs: [string, string]; downloadable: CollectionRecord['downloadable']; ids: string[]; times: number[]; foreign: [string, number];
}): Promise<PhotoScene> {
  const studio = await addStudio(store, options.slug);
  const fields = { name: 'Wedding', description: '', eventDate: null, coverPhotoId: null, expiresAt: null, downloadable: options.downloadable, passwordHash: null };
  const collection = await store.collections.createCollection(studio.id, { ...fields, slug: options.slugs[0] }, 1);
  const other = await store.collections.createCollection(studio.id, { ...fields, slug: options.slugs[1] }, 1);
  const g = await store.galleries.createGallery(studio.id, collection.id, { name: 'G', description: '', private: false, position: null }, 1);
  const og = await store.galleries.createGallery(studio.id, other.id, { name: 'O', description: '', private: false, position: null }, 1);
  const photos = options.ids.map((id, i) => photoRecord(studio.id, collection.id, g.id, id, options.times[i] as number));
  const foreign = photoRecord(studio.id, other.id, og.id, options.foreign[0], options.foreign[1]);
  await store.photos.insertPhotos([...photos, foreign]);
  return { studioId: studio.id, collection, other, photos, foreign };
}
