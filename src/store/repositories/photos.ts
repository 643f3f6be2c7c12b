// Photo metadata rows; the image files themselves live in PhotoStorage.
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database, PhotosTable } from '../schema.ts';
import type { KeysetCursor, PhotoRecord, PhotoStore } from '../types.ts';

function toPhoto(row: Selectable<PhotosTable>): PhotoRecord {
  return {
    id: row.id, studioId: row.studio_id, collectionId: row.collection_id, galleryId: row.gallery_id, filename: row.filename,
    contentType: row.content_type, size: Number(row.size), width: Number(row.width), height: Number(row.height),
    takenAt: row.taken_at === null ? null : Number(row.taken_at), sha256: row.sha256,
    thumbnailSize: Number(row.thumbnail_size), webSize: Number(row.web_size), dominantColor: row.dominant_color ?? null,
    createdAt: Number(row.created_at),
  };
}

/** One keyset page of a gallery, oldest first, seeking into (gallery_id, created_at, id); exported for the EXPLAIN test. */
export function galleryPhotosAfterQuery(db: Kysely<Database>, galleryId: string, after: KeysetCursor | null, limit: number): SelectQueryBuilder<Database, 'photos', Selectable<PhotosTable>> {
  let query = db.selectFrom('photos').selectAll().where('gallery_id', '=', galleryId);
  if (after !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)));
  return query.orderBy('created_at').orderBy('id').limit(limit);
}

export function createPhotoStore(db: Kysely<Database>): PhotoStore {
  return {
    async insertPhotos(photos: readonly PhotoRecord[]): Promise<void> {
      if (photos.length === 0) return;
      await db.insertInto('photos').values(photos.map((p) => ({
        id: p.id, studio_id: p.studioId, collection_id: p.collectionId, gallery_id: p.galleryId, filename: p.filename,
        content_type: p.contentType, size: p.size, width: p.width, height: p.height, taken_at: p.takenAt, sha256: p.sha256,
        thumbnail_size: p.thumbnailSize, web_size: p.webSize, dominant_color: p.dominantColor, created_at: p.createdAt,
      }))).execute();
    },
    async findPhoto(studioId: string, id: string): Promise<PhotoRecord | null> {
      const row = await db.selectFrom('photos').selectAll().where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return row ? toPhoto(row) : null;
    },
    async findVisiblePhoto(collectionId: string, id: string): Promise<PhotoRecord | null> {
      const row = await db.selectFrom('photos').innerJoin('galleries', 'galleries.id', 'photos.gallery_id').selectAll('photos')
        .where('photos.collection_id', '=', collectionId).where('photos.id', '=', id).where('galleries.private', '=', 0).executeTakeFirst();
      return row ? toPhoto(row) : null;
    },
    async listGalleryPhotos(galleryId, page): Promise<{ items: PhotoRecord[]; total: number }> {
      const rows = await db.selectFrom('photos').selectAll().where('gallery_id', '=', galleryId)
        .orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('photos').select((eb) => eb.fn.countAll<number | string>().as('n')).where('gallery_id', '=', galleryId).executeTakeFirstOrThrow();
      return { items: rows.map(toPhoto), total: Number(count.n) };
    },
    async listGalleryPhotosAfter(galleryId, after, limit): Promise<PhotoRecord[]> {
      return (await galleryPhotosAfterQuery(db, galleryId, after, limit).execute()).map(toPhoto);
    },
    async listPhotoIds(scope): Promise<string[]> {
      const q = db.selectFrom('photos').select('id');
      const rows = await ('galleryId' in scope ? q.where('gallery_id', '=', scope.galleryId) : q.where('collection_id', '=', scope.collectionId)).execute();
      return rows.map((r) => r.id);
    },
    async deletePhoto(studioId: string, id: string): Promise<boolean> {
      await db.updateTable('collections').set({ cover_photo_id: null }).where('studio_id', '=', studioId).where('cover_photo_id', '=', id).execute();
      const r = await db.deleteFrom('photos').where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listPhotosWithoutColor(limit: number): Promise<PhotoRecord[]> {
      const rows = await db.selectFrom('photos').selectAll().where('dominant_color', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map(toPhoto);
    },
    async setDominantColor(id: string, color: string): Promise<void> {
      await db.updateTable('photos').set({ dominant_color: color }).where('id', '=', id).execute();
    },
  };
}
