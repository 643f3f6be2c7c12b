// 0002: per-studio settings (time zone, currency, default download size); a studio without a row uses the defaults.
import type { Kysely, Migration } from 'kysely';

export const studioSettingsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('studio_settings')
      .addColumn('studio_id', 'varchar(40)', (c) => c.primaryKey().references('studios.id').onDelete('cascade'))
      .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
      .addColumn('currency', 'varchar(3)', (c) => c.notNull())
      .addColumn('default_downloadable', 'varchar(16)', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('studio_settings').execute();
  },
};
