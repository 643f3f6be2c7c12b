// 0002: the studio's CRM contacts (clients and leads), unique per studio by normalized email.
import type { Kysely, Migration } from 'kysely';

export const clientsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('clients')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('first_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
      .addColumn('phone', 'varchar(40)')
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('status_name', 'varchar(100)')
      .addColumn('notes', 'text')
      // NFKC + lower-case "first last\nemail": case-insensitive search that works the same on SQLite and PostgreSQL.
      .addColumn('search_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('clients_studio_email', ['studio_id', 'email_key'])
      .execute();
    await db.schema.createIndex('clients_studio_created').on('clients').columns(['studio_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('clients').execute();
  },
};
