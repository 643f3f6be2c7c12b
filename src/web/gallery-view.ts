// What the client gallery page shows, read through the same services as the visitor API: the visible galleries (in
// order) with all their photos, the visitor's favorite lists with the photos in each and their notes, the delivery
// controls as this session meets them, whether its email still needs confirming, and the cover (the collection's, or the first photo).
import type { AppDeps } from '../http/deps.ts';
import type { VisitorPrincipal } from '../auth/principal.ts';
import type { PhotoRecord } from '../store/types.ts';
import { photoMarks, visitorLists } from '../api/visitors/favorite-lists.ts';
import { stateOf } from '../api/visitors/delivery.ts';
import { isEmailConfirmed } from '../api/visitors/email-confirmation.ts';
import type { GalleryView } from './gallery-page.ts';

const PAGE = 500;

async function allPhotos(deps: Pick<AppDeps, 'store'>, galleryId: string): Promise<PhotoRecord[]> {
  const out: PhotoRecord[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { items, total } = await deps.store.photos.listGalleryPhotos(galleryId, { limit: PAGE, offset });
    out.push(...items);
    if (items.length === 0 || offset + PAGE >= total) return out;
  }
}

export async function loadGalleryView(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: VisitorPrincipal, csrfToken: string, assets: GalleryView['assets']): Promise<GalleryView> {
  const collection = visitor.collection;
  const { items } = await deps.store.galleries.listGalleries(collection.id, { includePrivate: false }, { limit: 100, offset: 0 });
  const galleries = [];
  for (const gallery of items) galleries.push({ gallery, photos: await allPhotos(deps, gallery.id) });
  const everything = galleries.flatMap((g) => g.photos);
  const marks = await photoMarks(deps, visitor, everything);
  const cover = everything.find((p) => p.id === collection.coverPhotoId) ?? everything[0] ?? null;
  const email = { address: visitor.session.email, confirmationNeeded: !(await isEmailConfirmed(deps, visitor)) };
  return { collection, galleries, marks, lists: await visitorLists(deps, visitor), delivery: await stateOf(deps, visitor), email, cover, csrfToken, assets };
}
