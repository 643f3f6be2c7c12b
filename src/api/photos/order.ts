// The studio's order of a gallery's photos: listings walk it by (position, id), the studio sets it whole (a drag or a
// move on the gallery page sends the new list) or sorts it by capture time or file name.
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { KeysetCursor, PhotoCursor, PhotoRecord } from '../../store/types.ts';

/** The most photos one order request names (and a sort renumbers): a gallery of a long wedding day fits many times. */
export const MAX_ORDERED_PHOTOS = 10_000;

/** A list cursor (its number is the position, for this list) as the photo store reads it. */
export function photoCursor(after: KeysetCursor | null): PhotoCursor | null {
  return after === null ? null : { position: after.createdAt, id: after.id };
}

/** Where a page of photos ended, as the list cursor encodes it. */
export function photoKey(photo: PhotoRecord): KeysetCursor {
  return { createdAt: photo.position, id: photo.id };
}

type OrderDeps = Pick<AppDeps, 'store'>;

/** Sets the order whole: `ids` must be the gallery's photos, each once (422 photo_order_mismatch otherwise). */
export async function setPhotoOrder(deps: OrderDeps, galleryId: string, ids: readonly string[]): Promise<void> {
  const done = await deps.store.transaction((tx) => tx.photos.setPhotoOrder(galleryId, ids));
  if (!done) {
    throw new AppError('photo_order_mismatch', 'photo_ids must list every photo of the gallery exactly once; reload the gallery and try again', {
      details: { photo_ids: 'not exactly the photos of this gallery' },
    });
  }
}

export type SortKey = 'taken_at' | 'filename';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Sorts the gallery by capture time (photos without one last, by name) or by file name, in natural order ("IMG_2"
 * before "IMG_10"); ties keep their current order. Returns the new order of ids.
 */
export async function sortPhotos(deps: OrderDeps, galleryId: string, by: SortKey, direction: 'asc' | 'desc'): Promise<string[]> {
  return deps.store.transaction(async (tx) => {
    const photos = await tx.photos.listPhotoOrder(galleryId, MAX_ORDERED_PHOTOS + 1);
    if (photos.length > MAX_ORDERED_PHOTOS) throw new AppError('validation_failed', `A gallery of more than ${MAX_ORDERED_PHOTOS} photos cannot be sorted here`);
    const sign = direction === 'asc' ? 1 : -1;
    const byName = (a: typeof photos[number], b: typeof photos[number]): number => sign * collator.compare(a.filename, b.filename);
    const sorted = photos.map((p, i) => ({ ...p, i })).sort((a, b) => {
      if (by === 'taken_at') {
        if (a.takenAt === null || b.takenAt === null) {
          if (a.takenAt !== b.takenAt) return a.takenAt === null ? 1 : -1;
          return byName(a, b) || a.i - b.i;
        }
        return sign * (a.takenAt - b.takenAt) || a.i - b.i;
      }
      return byName(a, b) || a.i - b.i;
    });
    const ids = sorted.map((p) => p.id);
    await tx.photos.setPhotoOrder(galleryId, ids);
    return ids;
  });
}
