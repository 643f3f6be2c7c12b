// 0010: the mail outbox. A message is a row written in the same transaction as the change that causes it; a worker
// claims due rows with a lease (so a crashed worker's claim expires and nothing waits forever), sends, and marks them.
import type { Kysely, Migration } from 'kysely';

export const mailOutboxMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('mail_outbox')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)')
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
      .addColumn('subject', 'varchar(512)', (c) => c.notNull())
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text', (c) => c.notNull())
      // queued → sending (leased) → sent; or back to queued with a later next_attempt_at; failed after the last try.
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'varchar(64)')
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'varchar(1024)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .execute();
    await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('mail_outbox').execute();
  },
};
