// 0018: named favorite lists with a note per photo and "send my selection" (issue #18), and the delivery controls of a
// collection: a download PIN (hashed) remembered per visitor session, and a limit on original downloads per visitor.
//
// Favorites move into lists: every visitor of a collection has one default list (`default_key` = their email key; a
// unique index keeps it to one), and the flat `favorites` table becomes that list's photos. The migration creates the
// default list of everyone who visited or favorited, copies the favorites into it and drops the old table.
import type { Kysely, Migration } from 'kysely';
import { generateId } from '../../lib/ids.ts';

/** The tables this migration reads and writes, typed for its data copy. */
interface CopyTables {
  favorites: { collection_id: string; photo_id: string; email: string; email_key: string; created_at: number };
  collection_visitors: { collection_id: string; email: string; email_key: string; last_seen_at: number };
  favorite_lists: {
    id: string; collection_id: string; email: string; email_key: string; name: string; name_key: string;
    default_key: string | null; created_at: number; updated_at: number;
  };
  favorite_list_photos: { list_id: string; photo_id: string; collection_id: string; created_at: number };
}

const DEFAULT_LIST_NAME = 'Favorites';
const BATCH = 200;

async function createTables(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('favorite_lists')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(100)', (c) => c.notNull())
    // The visitor's email key on their default list, null on every other: NULLs never collide in a unique index.
    .addColumn('default_key', 'varchar(320)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('favorite_lists_visitor_name').unique().on('favorite_lists').columns(['collection_id', 'email_key', 'name_key']).execute();
  await db.schema.createIndex('favorite_lists_default').unique().on('favorite_lists').columns(['collection_id', 'default_key']).execute();

  await db.schema.createTable('favorite_list_photos')
    .addColumn('list_id', 'varchar(40)', (c) => c.notNull().references('favorite_lists.id').onDelete('cascade'))
    .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('favorite_list_photos_pk', ['list_id', 'photo_id'])
    .execute();
  await db.schema.createIndex('favorite_list_photos_photo').on('favorite_list_photos').column('photo_id').execute();
  await db.schema.createIndex('favorite_list_photos_collection').on('favorite_list_photos').columns(['collection_id', 'created_at']).execute();

  await db.schema.createTable('photo_notes')
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('photo_notes_pk', ['photo_id', 'email_key'])
    .execute();
  await db.schema.createIndex('photo_notes_collection').on('photo_notes').columns(['collection_id', 'updated_at']).execute();

  await db.schema.createTable('favorite_submissions')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('studio_id', 'varchar(40)', (c) => c.notNull().references('studios.id').onDelete('cascade'))
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    // No foreign key: the record of what was sent outlives a list the visitor deletes later.
    .addColumn('list_id', 'varchar(40)', (c) => c.notNull())
    .addColumn('list_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('photo_count', 'integer', (c) => c.notNull())
    /** JSON array of the photo ids in the list when it was sent. */
    .addColumn('photo_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('favorite_submissions_collection').on('favorite_submissions').columns(['collection_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('favorite_submissions_visitor').on('favorite_submissions').columns(['collection_id', 'email_key', 'created_at']).execute();

  await db.schema.alterTable('collections').addColumn('download_pin_hash', 'varchar(512)').execute();
  await db.schema.alterTable('collections').addColumn('original_download_limit', 'integer').execute();

  // A download PIN entered in a visitor session: gone with the session (logout, expiry, revocation) or a new PIN.
  await db.schema.createTable('visitor_download_unlocks')
    .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey().references('visitor_sessions.id').onDelete('cascade'))
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visitor_download_unlocks_collection').on('visitor_download_unlocks').column('collection_id').execute();

  // Originals per visitor: `used` is what the limit is checked against (raised by compare-and-set), `grants` the
  // photos already counted, so downloading one again (a retry, a resumed transfer, an archive) costs nothing.
  await db.schema.createTable('original_download_counts')
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('original_download_counts_pk', ['collection_id', 'email_key'])
    .execute();
  await db.schema.createTable('original_download_grants')
    .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('original_download_grants_pk', ['collection_id', 'email_key', 'photo_id'])
    .execute();
  await db.schema.createIndex('original_download_grants_photo').on('original_download_grants').column('photo_id').execute();
}

/** Every visitor (or favoriter) of a collection gets a default list, and their favorites become its photos. */
async function copyFavorites(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as Kysely<CopyTables>;
  const owners = new Map<string, { collectionId: string; email: string; emailKey: string; at: number }>();
  const visitors = await db.selectFrom('collection_visitors').select(['collection_id', 'email', 'email_key', 'last_seen_at']).execute();
  for (const v of visitors) owners.set(`${v.collection_id}\n${v.email_key}`, { collectionId: v.collection_id, email: v.email, emailKey: v.email_key, at: Number(v.last_seen_at) });
  const favorites = await db.selectFrom('favorites').select(['collection_id', 'email', 'email_key', 'created_at']).execute();
  for (const f of favorites) {
    const key = `${f.collection_id}\n${f.email_key}`;
    if (!owners.has(key)) owners.set(key, { collectionId: f.collection_id, email: f.email, emailKey: f.email_key, at: Number(f.created_at) });
  }
  const rows = [...owners.values()].map((o) => ({
    id: generateId('fl'), collection_id: o.collectionId, email: o.email, email_key: o.emailKey, name: DEFAULT_LIST_NAME,
    name_key: DEFAULT_LIST_NAME.toLowerCase(), default_key: o.emailKey, created_at: o.at, updated_at: o.at,
  }));
  for (let i = 0; i < rows.length; i += BATCH) await db.insertInto('favorite_lists').values(rows.slice(i, i + BATCH)).execute();
  await db.insertInto('favorite_list_photos').columns(['list_id', 'photo_id', 'collection_id', 'created_at'])
    .expression(db.selectFrom('favorites')
      .innerJoin('favorite_lists', (join) => join.onRef('favorite_lists.collection_id', '=', 'favorites.collection_id').onRef('favorite_lists.default_key', '=', 'favorites.email_key'))
      .select(['favorite_lists.id', 'favorites.photo_id', 'favorites.collection_id', 'favorites.created_at']))
    .execute();
}

export const favoriteListsDeliveryMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await createTables(db);
    await copyFavorites(db);
    await db.schema.dropTable('favorites').execute();
  },
  async down(raw: Kysely<unknown>): Promise<void> {
    await raw.schema.createTable('favorites')
      .addColumn('collection_id', 'varchar(40)', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('photo_id', 'varchar(40)', (c) => c.notNull().references('photos.id').onDelete('cascade'))
      .addColumn('email', 'varchar(320)', (c) => c.notNull())
      .addColumn('email_key', 'varchar(320)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('favorites_pk', ['photo_id', 'email_key'])
      .execute();
    await raw.schema.createIndex('favorites_collection').on('favorites').columns(['collection_id', 'created_at']).execute();
    const db = raw as unknown as Kysely<CopyTables>;
    await db.insertInto('favorites').columns(['collection_id', 'photo_id', 'email', 'email_key', 'created_at'])
      .expression(db.selectFrom('favorite_list_photos').innerJoin('favorite_lists', 'favorite_lists.id', 'favorite_list_photos.list_id')
        .where('favorite_lists.default_key', 'is not', null)
        .select(['favorite_list_photos.collection_id', 'favorite_list_photos.photo_id', 'favorite_lists.email', 'favorite_lists.email_key', 'favorite_list_photos.created_at']))
      .execute();
    for (const t of ['original_download_grants', 'original_download_counts', 'visitor_download_unlocks', 'favorite_submissions', 'photo_notes', 'favorite_list_photos', 'favorite_lists']) {
      await raw.schema.dropTable(t).execute();
    }
    await raw.schema.alterTable('collections').dropColumn('original_download_limit').execute();
    await raw.schema.alterTable('collections').dropColumn('download_pin_hash').execute();
  },
};
