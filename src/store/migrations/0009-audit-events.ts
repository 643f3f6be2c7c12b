// 0009: the audit log. Every authentication and administration event, with who, where from and when; never a secret.
// Read newest first per studio, so the index leads with the studio and the time (the id breaks ties for the cursor).
import type { Kysely, Migration } from 'kysely';

export const auditEventsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('audit_events')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      // No foreign keys: the record of what happened outlives the user, studio or session it names.
      .addColumn('studio_id', 'varchar(40)')
      .addColumn('actor_id', 'varchar(40)')
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('client_ip', 'varchar(64)')
      .addColumn('user_agent', 'varchar(512)')
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_events_studio_time').on('audit_events').columns(['studio_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('audit_events_time').on('audit_events').column('created_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('audit_events').execute();
  },
};
