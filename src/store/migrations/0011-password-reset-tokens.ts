// 0011: password-reset tokens. Only the SHA-256 of a token is stored; a row is single use (used_at set by
// compare-and-set) and expires; issuing a new token for a user deletes that user's older unused ones (superseded).
import type { Kysely, Migration } from 'kysely';

export const passwordResetTokensMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('password_reset_tokens')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('password_reset_tokens_user').on('password_reset_tokens').column('user_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('password_reset_tokens').execute();
  },
};
