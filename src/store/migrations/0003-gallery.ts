// 0003: collections, their galleries and photos, gallery-visitor sessions, visitors, favorites and downloads.
import type { Kysely, Migration } from 'kysely';

export const galleryMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createTable('collections')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('slug', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('event_date', 'varchar(10)')
      // No foreign key: photos reference collections, and the service clears the cover when its photo goes.
      .addColumn('cover_photo_id', 'varchar(40)')
      .addColumn('password_hash', 'varchar(512)')
      .addColumn('expires_at', 'bigint')
      .addColumn('downloadable', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('collections_studio_created').on('collections').columns(['studio_id', 'created_at']).execute();

    await db.schema.createTable('collection_clients')
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_clients_pk', ['collection_id', 'email_key'])
      .execute();

    await db.schema.createTable('galleries')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('galleries_collection_position').on('galleries').columns(['collection_id', 'position']).execute();

    await db.schema.createTable('photos')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('gallery_id', 'varchar(40)', (c) => c.notNull().references('galleries.id').onDelete('cascade'))
      .addColumn('filename', 'varchar(255)', (c) => c.notNull())
      .addColumn('content_type', 'varchar(40)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('taken_at', 'bigint')
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('thumbnail_size', 'bigint', (c) => c.notNull())
      .addColumn('web_size', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('photos_gallery_created').on('photos').columns(['gallery_id', 'created_at']).execute();
    await db.schema.createIndex('photos_collection').on('photos').column('collection_id').execute();

    await db.schema.createTable('visitor_sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visitor_sessions_expires').on('visitor_sessions').column('expires_at').execute();

    await db.schema.createTable('collection_visitors')
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('visits', 'integer', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_visitors_pk', ['collection_id', 'email_key'])
      .execute();

    await db.schema.createTable('favorites')
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('favorites_pk', ['photo_id', 'email_key'])
      .execute();
    await db.schema.createIndex('favorites_collection').on('favorites').columns(['collection_id', 'created_at']).execute();

    await db.schema.createTable('downloads')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('size', 'varchar(16)', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('downloads_collection_created').on('downloads').columns(['collection_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const t of ['downloads', 'favorites', 'collection_visitors', 'visitor_sessions', 'photos', 'galleries', 'collection_clients', 'collections']) {
      await db.schema.dropTable(t).execute();
    }
  },
};
