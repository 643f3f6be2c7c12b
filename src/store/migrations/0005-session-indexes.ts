// 0005: drop the sessions index on expires_at. No query can use it (the sweep's OR with last_seen_at, which has no
// index, is a table scan on a timer), and every login paid for it: one more B-tree page, a 4 KiB WAL frame, per write.
import type { Kysely, Migration } from 'kysely';

export const sessionIndexesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('sessions_expires').ifExists().execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  },
};
