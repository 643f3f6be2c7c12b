// 0021: the studio's order of a gallery's photos. `position` is what listings sort by, then id. Existing photos and
// every new upload take their creation time in microseconds (milliseconds × 1000, plus the file's place within its
// upload, so the files of one upload keep their order), so a gallery nobody has reordered keeps the order it always
// had and a new upload lands at the end; reordering or sorting renumbers the gallery 0, 1, 2, …, which stays below any
// later upload's position. Also an index on (collection_id, sha256) for upload de-duplication. The keyset index on (gallery_id, created_at, id) gives way to (gallery_id, position, id).
import { sql, type Kysely, type Migration } from 'kysely';

export const photoPositionMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('photos').addColumn('position', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update photos set position = created_at * 1000`.execute(db);
    await db.schema.createIndex('photos_gallery_position_id').on('photos').columns(['gallery_id', 'position', 'id']).execute();
    await db.schema.dropIndex('photos_gallery_created_id').ifExists().execute();
    // Upload de-duplication looks a collection's photos up by content hash.
    await db.schema.createIndex('photos_collection_sha256').on('photos').columns(['collection_id', 'sha256']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('photos_collection_sha256').ifExists().execute();
    await db.schema.createIndex('photos_gallery_created_id').ifNotExists().on('photos').columns(['gallery_id', 'created_at', 'id']).execute();
    await db.schema.dropIndex('photos_gallery_position_id').ifExists().execute();
    await db.schema.alterTable('photos').dropColumn('position').execute();
  },
};
