// 0008: where a session was started (client address, user agent), so a user can tell their sessions apart in
// GET /api/v1/account/sessions and end the one they do not recognise. Nullable: sessions from before say nothing.
import type { Kysely, Migration } from 'kysely';

export const sessionDetailsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sessions').addColumn('client_ip', 'varchar(64)').execute();
    await db.schema.alterTable('sessions').addColumn('user_agent', 'varchar(512)').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
    await db.schema.alterTable('sessions').dropColumn('client_ip').execute();
  },
};
