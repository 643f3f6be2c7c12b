// 0024: a note per set of photo files that may belong to no photo row. A render writes a photo's new set under a new
// render id before the row names it, then removes the old set: a crash between those steps would leave files that no
// row names and nothing would ever remove. So a render notes its set before writing it ('writing', until its claim
// ends), and naming the new set turns the note into one for the old set ('unused'). Deleting a gallery or a collection
// notes each photo's files, the original too, in the transaction that deletes the rows. The housekeeping removes the
// files of every 'unused' set, and of every 'writing' set whose render outlived its claim, then forgets the note.
import type { Kysely, Migration } from 'kysely';

export const renderSetsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('render_sets')
      // No foreign key: a deleted photo's leftover sets still need their files removed.
      .addColumn('photo_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('render_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      // 1 when the photo is deleted: its original goes with the set.
      .addColumn('original', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('render_sets_pk', ['photo_id', 'render_id'])
      .execute();
    await db.schema.createIndex('render_sets_due').on('render_sets').columns(['due_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('render_sets').execute();
  },
};
