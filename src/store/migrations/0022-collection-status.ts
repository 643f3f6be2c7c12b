// 0022: a collection is a draft (only the studio sees it) or published (its visitors may open it). Existing ones stay
// published, as they always were; the studio's "new collection" page starts one as a draft. Also one row per visit
// (each gallery sign-in), so the studio's activity page can chart visits by day: collection_visitors only counts them.
import type { Kysely, Migration } from 'kysely';

export const collectionStatusMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('collections').addColumn('published', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.createTable('collection_visit_events')
      .addColumn('collection_id', 'varchar(64)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('collection_visit_events_time').on('collection_visit_events').columns(['collection_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('collection_visit_events').execute();
    await db.schema.alterTable('collections').dropColumn('published').execute();
  },
};
