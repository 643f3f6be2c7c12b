// 0004: JWT signing keys, refresh tokens, application keys and personal access tokens.
import type { Kysely, Migration } from 'kysely';

export const credentialsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('jwt_keys')
      .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('alg', 'varchar(16)', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('retired_at', 'bigint')
      .execute();
    await db.schema.createTable('refresh_tokens')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('session_id', 'varchar(64)', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();
    await db.schema.createTable('app_keys')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('created_by', 'varchar(40)', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('key_prefix', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createTable('access_tokens')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(40)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('studio_id', 'varchar(40)', (c) => c.references('studios.id').onDelete('cascade'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('token_prefix', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('access_tokens_user').on('access_tokens').column('user_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['access_tokens', 'app_keys', 'refresh_tokens', 'jwt_keys']) await db.schema.dropTable(t).execute();
  },
};
