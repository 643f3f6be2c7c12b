// 0001: accounts, studios, memberships, sessions, server secrets, notifications.
import type { Kysely, Migration } from 'kysely';

export const coreMigration: Migration = {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('users')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('email', 'varchar(320)', (c) => c.notNull())
        .addColumn('email_key', 'varchar(320)', (c) => c.notNull().unique())
        .addColumn('username', 'varchar(64)', (c) => c.notNull())
        .addColumn('username_key', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('first_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('last_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
        .addColumn('password_hash', 'varchar(512)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('disabled_at', 'bigint')
        .addColumn('locked_at', 'bigint')
        .execute();
      await db.schema.createTable('studios')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('slug', 'varchar(100)', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createTable('memberships')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
        .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('memberships_studio_user', ['studio_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema.createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('studio_id', 'varchar(40)', (c) => c.references('studios.id').onDelete('set null'))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
      await db.schema.createTable('server_secrets')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createTable('notifications')
        .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
        .addColumn('kind', 'varchar(40)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('read_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('notifications_studio_created').on('notifications').columns(['studio_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['notifications', 'server_secrets', 'sessions', 'memberships', 'studios', 'users']) await db.schema.dropTable(t).execute();
    },
  };
