// Collection watermarks: one optional row per collection, whose revision rises with each change.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CollectionWatermarksTable, Database } from '../schema.ts';
import type { RenderProgress, WatermarkRecord, WatermarkSettings, WatermarkStore } from '../types.ts';

function toWatermark(row: Selectable<CollectionWatermarksTable>): WatermarkRecord {
  const logo = row.logo_key === null ? null : {
    key: row.logo_key, size: Number(row.logo_size ?? 0), width: Number(row.logo_width ?? 0), height: Number(row.logo_height ?? 0),
  };
  return {
    collectionId: row.collection_id, mode: row.mode, text: row.text, position: row.position, opacity: Number(row.opacity),
    scale: Number(row.scale), logo, rev: Number(row.rev), updatedAt: Number(row.updated_at),
  };
}

function columns(s: WatermarkSettings): Omit<CollectionWatermarksTable, 'collection_id' | 'rev' | 'updated_at'> {
  return {
    mode: s.mode, text: s.text, position: s.position, opacity: s.opacity, scale: s.scale,
    logo_key: s.logo?.key ?? null, logo_size: s.logo?.size ?? null, logo_width: s.logo?.width ?? null, logo_height: s.logo?.height ?? null,
  };
}

export function createWatermarkStore(db: Kysely<Database>): WatermarkStore {
  return {
    async findWatermark(collectionId): Promise<WatermarkRecord | null> {
      const row = await db.selectFrom('collection_watermarks').selectAll().where('collection_id', '=', collectionId).executeTakeFirst();
      return row ? toWatermark(row) : null;
    },
    async putWatermark(collectionId, settings, now, options = {}): Promise<WatermarkRecord> {
      // One upsert, so two changes at once still raise the revision twice: neither render can be mistaken for the other's.
      const keep = options.keepRevision === true;
      const row = await db.insertInto('collection_watermarks')
        .values({ collection_id: collectionId, ...columns(settings), rev: keep ? 0 : 1, updated_at: now })
        .onConflict((oc) => oc.column('collection_id').doUpdateSet({ ...columns(settings), rev: keep ? sql<number>`collection_watermarks.rev` : sql<number>`collection_watermarks.rev + 1`, updated_at: now }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toWatermark(row);
    },
    async listWatermarks(collectionIds): Promise<Map<string, WatermarkRecord>> {
      if (collectionIds.length === 0) return new Map();
      const rows = await db.selectFrom('collection_watermarks').selectAll().where('collection_id', 'in', [...collectionIds]).execute();
      return new Map(rows.map((r) => [r.collection_id, toWatermark(r)]));
    },
    async renderProgress(collectionIds): Promise<Map<string, RenderProgress>> {
      if (collectionIds.length === 0) return new Map();
      const rows = await db.selectFrom('photos')
        .leftJoin('collection_watermarks', 'collection_watermarks.collection_id', 'photos.collection_id')
        .select((eb) => [
          'photos.collection_id',
          eb.fn.countAll<number | string>().as('total'),
          eb.fn.sum<number | string | null>(eb.case().when('photos.watermark_rev', '=', eb.fn.coalesce('collection_watermarks.rev', sql.lit(0))).then(1).else(0).end()).as('done'),
        ])
        .where('photos.collection_id', 'in', [...collectionIds])
        .groupBy('photos.collection_id')
        .execute();
      return new Map(rows.map((r) => [r.collection_id, { done: Number(r.done ?? 0), total: Number(r.total) }]));
    },
  };
}
