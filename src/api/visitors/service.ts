// What a gallery visitor can do inside their one collection: see public galleries and photos, favorite, download.
import { AppError } from '../../errors.ts';
import { generateId, isIdOf } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord, GalleryRecord, PhotoRecord } from '../../store/types.ts';
import { requirePhotoId } from '../photos/service.ts';
import { requireGalleryId } from '../galleries/service.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';
import { assertEmailConfirmed } from './email-confirmation.ts';

export type DownloadKind = 'web-size' | 'original';
const VISIBLE_SCAN = { limit: 1000, offset: 0 };

/** Counts of what the visitor can see (private galleries excluded), and whether the cover is among it. */
export async function visibleSummary(deps: Pick<AppDeps, 'store'>, collection: CollectionRecord): Promise<{ galleries: number; photos: number; coverVisible: boolean }> {
  const { items, total } = await deps.store.galleries.listGalleries(collection.id, { includePrivate: false }, VISIBLE_SCAN);
  const cover = collection.coverPhotoId === null ? null : await deps.store.photos.findVisiblePhoto(collection.id, collection.coverPhotoId);
  return { galleries: total, photos: items.reduce((n, g) => n + g.photoCount, 0), coverVisible: cover !== null };
}

/** A public gallery of the visitor's collection; anything else (another collection, a private gallery) is 404. */
export async function visibleGallery(deps: Pick<AppDeps, 'store'>, visitor: Visitor, id: string): Promise<GalleryRecord> {
  const gallery = await deps.store.galleries.findGallery(visitor.collection.studioId, requireGalleryId(id));
  if (!gallery || gallery.collectionId !== visitor.collection.id || gallery.private) throw new AppError('not_found', 'Gallery not found');
  return gallery;
}

export async function visiblePhoto(deps: Pick<AppDeps, 'store'>, visitor: Visitor, id: string): Promise<PhotoRecord> {
  const photo = await deps.store.photos.findVisiblePhoto(visitor.collection.id, requirePhotoId(id));
  if (!photo) throw new AppError('not_found', 'Photo not found');
  return photo;
}

async function notify(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, kind: string, message: string, data: Record<string, unknown>): Promise<void> {
  await deps.store.notifications.createNotification({
    studioId: visitor.collection.studioId, kind, message, data: { collection_id: visitor.collection.id, email: visitor.session.email, ...data }, now: deps.clock.now(),
  });
}

/** True when the favorite is new (and the studio was notified). */
export async function addFavorite(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, photoId: string): Promise<{ photo: PhotoRecord; created: boolean }> {
  if (!isIdOf('ph', photoId)) throw new AppError('invalid_id_format', 'Photo id must look like ph_ followed by 22 letters or digits');
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  const created = await deps.store.galleryActivity.addFavorite(visitor.collection.id, photo.id, { email: visitor.session.email, emailKey: visitor.emailKey }, deps.clock.now());
  if (created) await notify(deps, visitor, 'photo_favorited', `${visitor.session.email} favorited ${photo.filename} in "${visitor.collection.name}"`, { photo_id: photo.id });
  return { photo, created };
}

export async function removeFavorite(deps: Pick<AppDeps, 'store'>, visitor: Visitor, photoId: string): Promise<void> {
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  await deps.store.galleryActivity.removeFavorite(visitor.collection.id, photo.id, visitor.emailKey);
}

/** Refuses sizes the collection does not allow: none allows nothing, web-size only the web image, original both. */
export function assertDownloadAllowed(collection: CollectionRecord, kind: DownloadKind): void {
  const allowed = collection.downloadable === 'original' || (collection.downloadable === 'web-size' && kind === 'web-size');
  if (!allowed) throw new AppError('download_not_allowed', undefined, { details: { downloadable: collection.downloadable } });
}

export async function recordDownload(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, photo: PhotoRecord, kind: DownloadKind, bytes: number): Promise<void> {
  await deps.store.galleryActivity.recordDownload({
    id: generateId('dl'), studioId: visitor.collection.studioId, collectionId: visitor.collection.id, photoId: photo.id,
    email: visitor.session.email, size: kind, bytes, createdAt: deps.clock.now(),
  });
  await notify(deps, visitor, 'photo_downloaded', `${visitor.session.email} downloaded ${photo.filename} (${kind}) from "${visitor.collection.name}"`, { photo_id: photo.id, size: kind });
}
