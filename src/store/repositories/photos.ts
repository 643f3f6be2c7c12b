// Photo metadata rows; the image files themselves live in PhotoStorage.
import { PostgresAdapter, sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, PhotosTable } from '../schema.ts';
import type { KeysetCursor, PhotoCursor, PhotoRecord, PhotoStore, RenderSetRecord } from '../types.ts';

const sizeOrNull = (n: number | string | null): number | null => (n === null ? null : Number(n));

function toPhoto(row: Selectable<PhotosTable>): PhotoRecord {
  return {
    id: row.id, studioId: row.studio_id, collectionId: row.collection_id, galleryId: row.gallery_id, filename: row.filename,
    contentType: row.content_type, size: Number(row.size), width: Number(row.width), height: Number(row.height),
    takenAt: row.taken_at === null ? null : Number(row.taken_at), sha256: row.sha256,
    thumbnailSize: Number(row.thumbnail_size), webSize: Number(row.web_size), dominantColor: row.dominant_color ?? null,
    createdAt: Number(row.created_at), renderId: row.render_id, watermarkRev: Number(row.watermark_rev),
    mediumSize: sizeOrNull(row.medium_size), thumbnailWebpSize: sizeOrNull(row.thumbnail_webp_size),
    mediumWebpSize: sizeOrNull(row.medium_webp_size), webWebpSize: sizeOrNull(row.web_webp_size), position: Number(row.position),
  };
}

/** One keyset page of a gallery in the studio's order, seeking into (gallery_id, position, id); exported for the EXPLAIN test. */
export function galleryPhotosAfterQuery(db: Kysely<Database>, galleryId: string, after: PhotoCursor | null, limit: number): SelectQueryBuilder<Database, 'photos', Selectable<PhotosTable>> {
  let query = db.selectFrom('photos').selectAll().where('gallery_id', '=', galleryId);
  if (after !== null) query = query.where((eb) => eb(eb.refTuple('position', 'id'), '>', eb.tuple(after.position, after.id)));
  return query.orderBy('position').orderBy('id').limit(limit);
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
        medium_webp_size: p.mediumWebpSize, web_webp_size: p.webWebpSize, position: p.position,
      }))).execute();
    },
    async findPhoto(studioId: string, id: string): Promise<PhotoRecord | null> {
      const row = await db.selectFrom('photos').selectAll().where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return row ? toPhoto(row) : null;
    },
    async existingPhotoIds(studioId: string, ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('photos').select('id').where('studio_id', '=', studioId).where('id', 'in', [...ids]).execute();
      return new Set(rows.map((r) => r.id));
    },
    async findVisiblePhoto(collectionId: string, id: string): Promise<PhotoRecord | null> {
      const row = await db.selectFrom('photos').innerJoin('galleries', 'galleries.id', 'photos.gallery_id').selectAll('photos')
        .where('photos.collection_id', '=', collectionId).where('photos.id', '=', id).where('galleries.private', '=', 0).executeTakeFirst();
      return row ? toPhoto(row) : null;
    },
    async listGalleryPhotos(galleryId, page): Promise<{ items: PhotoRecord[]; total: number }> {
      const rows = await db.selectFrom('photos').selectAll().where('gallery_id', '=', galleryId)
        .orderBy('position').orderBy('id').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('photos').select((eb) => eb.fn.countAll<number | string>().as('n')).where('gallery_id', '=', galleryId).executeTakeFirstOrThrow();
      return { items: rows.map(toPhoto), total: Number(count.n) };
    },
    async listGalleryPhotosAfter(galleryId, after, limit): Promise<PhotoRecord[]> {
      return (await galleryPhotosAfterQuery(db, galleryId, after, limit).execute()).map(toPhoto);
    },
    async findPhotoByHash(collectionId, sha256): Promise<PhotoRecord | null> {
      const row = await db.selectFrom('photos').selectAll().where('collection_id', '=', collectionId).where('sha256', '=', sha256)
        .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      return row ? toPhoto(row) : null;
    },
    async listPhotoOrder(galleryId, limit) {
      const rows = await db.selectFrom('photos').select(['id', 'filename', 'taken_at']).where('gallery_id', '=', galleryId)
        .orderBy('position').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ id: r.id, filename: r.filename, takenAt: r.taken_at === null ? null : Number(r.taken_at) }));
    },
    async setPhotoOrder(galleryId, ids): Promise<boolean> {
      if (new Set(ids).size !== ids.length) return false;
      const current = await db.selectFrom('photos').select('id').where('gallery_id', '=', galleryId).execute();
      const known = new Set(current.map((r) => r.id));
      if (current.length !== ids.length || !ids.every((id) => known.has(id))) return false;
      if (ids.length === 0) return true;
      // One statement (position = the id's index in the list), so no reader ever sees the gallery half renumbered.
      const position = sql<number>`case id ${sql.join(ids.map((id, i) => sql`when ${id} then ${sql.lit(i)}`), sql` `)} end`;
      await db.updateTable('photos').set({ position }).where('gallery_id', '=', galleryId).execute();
      return true;
    },
    async listPhotoRenders(scope): Promise<Array<{ id: string; renderId: string }>> {
      // PostgreSQL: hold the gallery's or collection's row first. A photo insert takes a key-share lock on both rows
      // (its foreign keys), so an upload still in flight commits before this listing (and is in it), or waits and
      // then fails its reference check. A gallery's deletion takes its collection's row before the gallery's (without
      // blocking uploads), as the collection's deletion does: the two at once wait for each other in turn instead of
      // deadlocking. SQLite runs one write transaction at a time (and has no FOR UPDATE).
      if (db.isTransaction && db.getExecutor().adapter instanceof PostgresAdapter) {
        if ('galleryId' in scope) {
          const collectionOf = db.selectFrom('galleries').select('collection_id').where('id', '=', scope.galleryId);
          await db.selectFrom('collections').select('id').where('id', '=', collectionOf).forNoKeyUpdate().execute();
          await db.selectFrom('galleries').select('id').where('id', '=', scope.galleryId).forUpdate().execute();
        } else {
          await db.selectFrom('collections').select('id').where('id', '=', scope.collectionId).forUpdate().execute();
        }
      }
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
    async noteRenderSet(set, dueAt): Promise<void> {
      await db.insertInto('render_sets').values({ photo_id: set.photoId, render_id: set.renderId, studio_id: set.studioId, state: 'writing', due_at: dueAt }).execute();
    },
    async replaceRendition(id, expectedRenderId, next, replacedDueAt): Promise<boolean> {
      const run = async (tx: Kysely<Database>): Promise<boolean> => {
        // The note first: a sweep that retired it (this render outlived its claim) may be removing the files.
        const noted = await tx.updateTable('render_sets').set({ state: 'unused' })
          .where('photo_id', '=', id).where('render_id', '=', next.renderId).where('state', '=', 'writing').executeTakeFirst();
        if (Number(noted.numUpdatedRows) === 0) return false;
        const r = await tx.updateTable('photos').set({
          render_id: next.renderId, watermark_rev: next.watermarkRev, thumbnail_size: next.thumbnailSize, web_size: next.webSize,
          medium_size: next.mediumSize, thumbnail_webp_size: next.thumbnailWebpSize, medium_webp_size: next.mediumWebpSize, web_webp_size: next.webWebpSize,
          render_claimed_until: null,
        }).where('id', '=', id).where('render_id', '=', expectedRenderId).executeTakeFirst();
        // Not switched: the new set stays noted 'unused'. Switched: the note moves to the old set, which no row names now.
        if (Number(r.numUpdatedRows) === 0) return false;
        // The same note (already 'unused') now names the old set. No note of the old set exists: it was the row's own.
        await tx.updateTable('render_sets').set({ render_id: expectedRenderId, due_at: replacedDueAt })
          .where('photo_id', '=', id).where('render_id', '=', next.renderId).execute();
        return true;
      };
      return db.isTransaction ? run(db) : db.transaction().execute(run);
    },
    async retireRenderSet(photoId, renderId, lapsedBy): Promise<boolean> {
      let query = db.updateTable('render_sets').set({ state: 'unused' }).where('photo_id', '=', photoId).where('render_id', '=', renderId);
      if (lapsedBy !== undefined) query = query.where((eb) => eb.or([eb('state', '=', 'unused'), eb('due_at', '<=', lapsedBy)]));
      const r = await query.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listRenderSetsDue(now, limit, after): Promise<RenderSetRecord[]> {
      let query = db.selectFrom('render_sets').selectAll().where('due_at', '<=', now);
      if (after !== undefined) {
        query = query.where((eb) => eb(eb.refTuple('due_at', 'photo_id', 'render_id'), '>', eb.tuple(after.dueAt, after.photoId, after.renderId)));
      }
      const rows = await query.orderBy('due_at').orderBy('photo_id').orderBy('render_id').limit(limit).execute();
      return rows.map((r) => ({ photoId: r.photo_id, studioId: r.studio_id, renderId: r.render_id, state: r.state, dueAt: Number(r.due_at), original: Number(r.original) === 1 }));
    },
    async forgetRenderSet(photoId, renderId): Promise<void> {
      await db.deleteFrom('render_sets').where('photo_id', '=', photoId).where('render_id', '=', renderId).execute();
    },
    async noteDeletedPhotos(studioId, photos): Promise<void> {
      for (let i = 0; i < photos.length; i += 200) {
        const values = photos.slice(i, i + 200).map((p) => ({ photo_id: p.id, render_id: p.renderId, studio_id: studioId, state: 'unused' as const, due_at: 0, original: 1 }));
        await db.insertInto('render_sets').values(values)
          .onConflict((oc) => oc.columns(['photo_id', 'render_id']).doUpdateSet({ state: 'unused', original: 1, due_at: 0 })).execute();
      }
    },
    async claimRender(id, expectedRenderId, now, until): Promise<boolean> {
      const r = await db.updateTable('photos').set({ render_claimed_until: until })
        .where('id', '=', id).where('render_id', '=', expectedRenderId)
        .where((eb) => eb.or([eb('render_claimed_until', 'is', null), eb('render_claimed_until', '<=', now)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async releaseRender(id, until): Promise<void> {
      await db.updateTable('photos').set({ render_claimed_until: null }).where('id', '=', id).where('render_claimed_until', '=', until).execute();
    },
  };
}
