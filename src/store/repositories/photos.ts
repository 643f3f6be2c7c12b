// Photo metadata rows; the image files themselves live in PhotoStorage.
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Database, PhotosTable } from '../schema.ts';
import type { KeysetCursor, PhotoRecord, PhotoStore } from '../types.ts';

const sizeOrNull = (n: number | string | null): number | null => (n === null ? null : Number(n));

function toPhoto(row: Selectable<PhotosTable>): PhotoRecord {
  return {
    id: row.id, studioId: row.studio_id, collectionId: row.collection_id, galleryId: row.gallery_id, filename: row.filename,
    contentType: row.content_type, size: Number(row.size), width: Number(row.width), height: Number(row.height),
    takenAt: row.taken_at === null ? null : Number(row.taken_at), sha256: row.sha256,
    thumbnailSize: Number(row.thumbnail_size), webSize: Number(row.web_size), dominantColor: row.dominant_color ?? null,
    createdAt: Number(row.created_at), renderId: row.render_id, watermarkRev: Number(row.watermark_rev),
    mediumSize: sizeOrNull(row.medium_size), thumbnailWebpSize: sizeOrNull(row.thumbnail_webp_size),
    mediumWebpSize: sizeOrNull(row.medium_webp_size), webWebpSize: sizeOrNull(row.web_webp_size),
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
        render_id: p.renderId, watermark_rev: p.watermarkRev, medium_size: p.mediumSize, thumbnail_webp_size: p.thumbnailWebpSize,
        medium_webp_size: p.mediumWebpSize, web_webp_size: p.webWebpSize,
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
    async listPhotoRenders(scope): Promise<Array<{ id: string; renderId: string }>> {
      const q = db.selectFrom('photos').select(['id', 'render_id']);
      const rows = await ('galleryId' in scope ? q.where('gallery_id', '=', scope.galleryId) : q.where('collection_id', '=', scope.collectionId)).execute();
      return rows.map((r) => ({ id: r.id, renderId: r.render_id }));
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
    async listPhotosToRender(reason, after, limit): Promise<PhotoRecord[]> {
      let query = reason === 'derivatives'
        ? db.selectFrom('photos').selectAll('photos').where('photos.medium_size', 'is', null)
        // Only collections with a watermark row can be ahead of their photos: without one, the revision is 0 as theirs.
        : db.selectFrom('photos').innerJoin('collection_watermarks', 'collection_watermarks.collection_id', 'photos.collection_id')
          .selectAll('photos').whereRef('photos.watermark_rev', '<>', 'collection_watermarks.rev');
      if (after !== null) query = query.where((eb) => eb(eb.refTuple('photos.created_at', 'photos.id'), '>', eb.tuple(after.createdAt, after.id)));
      const rows = await query.orderBy('photos.created_at').orderBy('photos.id').limit(limit).execute();
      return rows.map(toPhoto);
    },
    async replaceRendition(id, expectedRenderId, next): Promise<boolean> {
      const r = await db.updateTable('photos').set({
        render_id: next.renderId, watermark_rev: next.watermarkRev, thumbnail_size: next.thumbnailSize, web_size: next.webSize,
        medium_size: next.mediumSize, thumbnail_webp_size: next.thumbnailWebpSize, medium_webp_size: next.mediumWebpSize, web_webp_size: next.webWebpSize,
      }).where('id', '=', id).where('render_id', '=', expectedRenderId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
