// 0013: each photo's dominant colour (`#rrggbb`), computed by sharp when its derivatives are made; the client gallery
// paints it as the placeholder while the thumbnail loads. Null for photos uploaded before this column existed, until
// the start-up backfill (api/photos/dominant-color.ts) has read their thumbnails.
import type { Kysely, Migration } from 'kysely';

export const photoDominantColorMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').addColumn('dominant_color', 'varchar(7)').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').dropColumn('dominant_color').execute();
  },
};
