// 0017: studio invitations. A link's token is stored only as its SHA-256; an invitation is bound to one studio and one
// role (and, optionally, one email address), expires, and is used once (accepted_at set by compare-and-set) or
// withdrawn (revoked_at). Rows stay after use so a second use can be told apart from a wrong link.
import type { Kysely, Migration } from 'kysely';

export const studioInvitationsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('studio_invitations')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('email', 'varchar(320)')
      .addColumn('email_key', 'varchar(320)')
      .addColumn('created_by', 'varchar(40)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('accepted_at', 'bigint')
      .addColumn('accepted_by', 'varchar(40)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('studio_invitations_studio').on('studio_invitations').columns(['studio_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('studio_invitations').execute();
  },
};
