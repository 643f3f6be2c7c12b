// Galleries inside a collection, ordered by position.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Database, GalleriesTable } from '../schema.ts';
import type { GalleryFields, GalleryRecord, GalleryStore } from '../types.ts';
import { generateId } from '../../lib/ids.ts';

type Row = Selectable<GalleriesTable> & { photo_count: number | string | null };

function toGallery(row: Row): GalleryRecord {
  return {
    id: row.id, studioId: row.studio_id, collectionId: row.collection_id, name: row.name, description: row.description,
    private: Number(row.private) === 1, position: Number(row.position), photoCount: Number(row.photo_count ?? 0),
    createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

function withCounts(db: Kysely<Database>) {
  return db.selectFrom('galleries').selectAll('galleries').select((eb: ExpressionBuilder<Database, 'galleries'>) => [
    eb.selectFrom('photos').select((e) => e.fn.countAll<number>().as('n')).whereRef('photos.gallery_id', '=', 'galleries.id').as('photo_count'),
  ]);
}

function fieldColumns(patch: Partial<GalleryFields>): Partial<GalleriesTable> {
  const out: Partial<GalleriesTable> = {};
  if (patch.name !== undefined) out.name = patch.name;
  if (patch.description !== undefined) out.description = patch.description;
  if (patch.private !== undefined) out.private = patch.private ? 1 : 0;
  if (patch.position !== undefined) out.position = patch.position;
  return out;
}

export function createGalleryStore(db: Kysely<Database>): GalleryStore {
  const find = async (studioId: string, id: string): Promise<GalleryRecord | null> => {
    const row = await withCounts(db).where('galleries.studio_id', '=', studioId).where('galleries.id', '=', id).executeTakeFirst();
    return row ? toGallery(row) : null;
  };
  return {
    async createGallery(studioId, collectionId, input, now): Promise<GalleryRecord> {
      let position = input.position;
      if (position === null) {
        const last = await db.selectFrom('galleries').select((eb) => eb.fn.max('position').as('p')).where('collection_id', '=', collectionId).executeTakeFirst();
        position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
      }
      const id = generateId('ga');
      await db.insertInto('galleries').values({
        id, studio_id: studioId, collection_id: collectionId, name: input.name, description: input.description,
        private: input.private ? 1 : 0, position, created_at: now, updated_at: now,
      }).execute();
      return (await find(studioId, id)) as GalleryRecord;
    },
    findGallery: find,
    async updateGallery(studioId, id, patch, now): Promise<GalleryRecord | null> {
      const r = await db.updateTable('galleries').set({ ...fieldColumns(patch), updated_at: now })
        .where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? find(studioId, id) : null;
    },
    async deleteGallery(studioId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('galleries').where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listGalleries(collectionId, options, page): Promise<{ items: GalleryRecord[]; total: number }> {
      let rows = withCounts(db).where('galleries.collection_id', '=', collectionId);
      let count = db.selectFrom('galleries').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId);
      if (!options.includePrivate) {
        rows = rows.where('galleries.private', '=', 0);
        count = count.where('private', '=', 0);
      }
      const items = await rows.orderBy('galleries.position').orderBy('galleries.created_at').orderBy('galleries.id').limit(page.limit).offset(page.offset).execute();
      const total = await count.executeTakeFirstOrThrow();
      return { items: items.map(toGallery), total: Number(total.n) };
    },
  };
}
