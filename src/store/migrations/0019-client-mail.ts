// 0019: the mail a gallery business sends beyond resets and invitations (issue #20). Expiry reminders are claimed per
// client and expiry (the primary key decides which instance sends one, so none is sent twice); a visitor's email
// confirmation codes (argon2id hashes, attempts counted by compare-and-set) and the visitor sessions that confirmed;
// the opt-in to new-sign-in alerts and the devices each account signed in from (hashed, kept 90 days).
import type { Kysely, Migration } from 'kysely';

export const clientMailMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('collections').addColumn('require_email_confirmation', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    await db.schema.createTable('collection_expiry_reminders')
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      // The expiry the reminder was for: a collection extended later gets a reminder for its new date.
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_expiry_reminders_pk', ['collection_id', 'email_key', 'expires_at'])
      .execute();
    await db.schema.createIndex('collections_expires_at').on('collections').column('expires_at').execute();

    await db.schema.createTable('visitor_email_codes')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('session_id', 'varchar(64)', (c) => c.notNull().references('visitor_sessions.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('code_hash', 'varchar(512)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visitor_email_codes_session').on('visitor_email_codes').columns(['session_id', 'created_at']).execute();
    await db.schema.createIndex('visitor_email_codes_visitor').on('visitor_email_codes').columns(['collection_id', 'email_key', 'created_at']).execute();

    await db.schema.createTable('visitor_email_confirmations')
      .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey().references('visitor_sessions.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    // A person's own preferences; no row means every default (alerts off).
    await db.schema.createTable('account_preferences')
      .addColumn('user_id', 'varchar(40)', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('notify_new_sign_in', 'integer', (c) => c.notNull().defaultTo(0))
      // The account's first recorded password sign-in: kept when its devices are forgotten, so an account back after
      // a long absence is not taken for a new one.
      .addColumn('first_sign_in_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createTable('sign_in_devices')
      .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // SHA-256 (base64url) of browser family, operating system and network prefix: never the address itself.
      .addColumn('device_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sign_in_devices_pk', ['user_id', 'device_key'])
      .execute();
    await db.schema.createIndex('sign_in_devices_last_seen').on('sign_in_devices').column('last_seen_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['sign_in_devices', 'account_preferences', 'visitor_email_confirmations', 'visitor_email_codes', 'collection_expiry_reminders']) await db.schema.dropTable(t).execute();
    await db.schema.dropIndex('collections_expires_at').execute();
    await db.schema.alterTable('collections').dropColumn('require_email_confirmation').execute();
  },
};
