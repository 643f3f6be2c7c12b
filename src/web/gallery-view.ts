// What the client gallery page shows, read through the same services as the visitor API: the visible galleries (in
// order) with all their photos, the visitor's favorites among them, and the cover (the collection's, or the first photo).
import type { AppDeps } from '../http/deps.ts';
import type { VisitorPrincipal } from '../auth/principal.ts';
import type { PhotoRecord } from '../store/types.ts';
import { favoritedIds } from '../api/visitors/service.ts';
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

export async function loadGalleryView(deps: Pick<AppDeps, 'store'>, visitor: VisitorPrincipal, csrfToken: string, assets: GalleryView['assets']): Promise<GalleryView> {
  const collection = visitor.collection;
  const { items } = await deps.store.galleries.listGalleries(collection.id, { includePrivate: false }, { limit: 100, offset: 0 });
  const galleries = [];
  const favorites = new Set<string>();
  for (const gallery of items) {
    const photos = await allPhotos(deps, gallery.id);
    if (photos.length > 0) for (const id of await favoritedIds(deps, visitor, photos)) favorites.add(id);
    galleries.push({ gallery, photos });
  }
  const everything = galleries.flatMap((g) => g.photos);
  const cover = everything.find((p) => p.id === collection.coverPhotoId) ?? everything[0] ?? null;
  return { collection, galleries, favorites, cover, csrfToken, assets };
}
