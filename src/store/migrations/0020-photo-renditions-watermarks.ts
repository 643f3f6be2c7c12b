// 0020: more derivative sizes, WebP copies and per-collection watermarks (issue #18).
//
// Photos: a medium size and a WebP copy of every served size, with their byte sizes (null for photos made before this
// migration, until the start-up backfill renders them); `render_id`, which set of derivative files the row names ('' for
// a photo's first; a re-render writes a new set under a new id and then switches the row to it); `watermark_rev`, the
// collection watermark revision its web-size copies show. Collections: one optional watermark row, whose `rev` rises
// with every change, so "photos still to render" is a query, not a job list that a restart could lose.
import { sql, type Kysely, type Migration } from 'kysely';

const NEW_SIZES = ['medium_size', 'thumbnail_webp_size', 'medium_webp_size', 'web_webp_size'] as const;

export const photoRenditionsWatermarksMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').addColumn('render_id', 'varchar(40)', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('photos').addColumn('watermark_rev', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    for (const column of NEW_SIZES) await db.schema.alterTable('photos').addColumn(column, 'bigint').execute();
    // The backfill walks only the photos still missing the new files, in (created_at, id) order.
    await db.schema.createIndex('photos_backfill_pending').on('photos').columns(['created_at', 'id']).where(sql.ref('medium_size'), 'is', null).execute();
    // Progress and the re-render's walk: a collection's photos by the watermark revision they show.
    await db.schema.createIndex('photos_collection_watermark').on('photos').columns(['collection_id', 'watermark_rev']).execute();

    await db.schema.createTable('collection_watermarks')
      .addColumn('collection_id', 'varchar(40)', (c) => c.primaryKey().references('collections.id').onDelete('cascade'))
      .addColumn('mode', 'varchar(8)', (c) => c.notNull())
      .addColumn('text', 'varchar(400)')
      .addColumn('position', 'varchar(16)', (c) => c.notNull())
      .addColumn('opacity', 'double precision', (c) => c.notNull())
      .addColumn('scale', 'double precision', (c) => c.notNull())
      .addColumn('logo_key', 'varchar(200)')
      .addColumn('logo_size', 'bigint')
      .addColumn('logo_width', 'integer')
      .addColumn('logo_height', 'integer')
      .addColumn('rev', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('collection_watermarks').execute();
    await db.schema.dropIndex('photos_collection_watermark').execute();
    await db.schema.dropIndex('photos_backfill_pending').execute();
    for (const column of [...NEW_SIZES].reverse()) await db.schema.alterTable('photos').dropColumn(column).execute();
    await db.schema.alterTable('photos').dropColumn('watermark_rev').execute();
    await db.schema.alterTable('photos').dropColumn('render_id').execute();
  },
};
