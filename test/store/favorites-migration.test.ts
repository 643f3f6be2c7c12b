// issue #18: migration 0018 turns the flat favorites of before into each visitor's default list (and back on down),
// so favorites made before the upgrade keep working; every visitor of a collection gets a default list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from '../../src/store/migrations/index.ts';
import { favoriteListsDeliveryMigration } from '../../src/store/migrations/0018-favorite-lists-delivery.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

test('0018 down then up: favorites of before become default lists, visitors without favorites get an empty one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-0018-'));
  const file = join(dir, 'lightbox.db');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
    const down = favoriteListsDeliveryMigration.down;
    assert.ok(down);
    await down(db);
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name);
    assert.ok(tables.includes('favorites') && !tables.includes('favorite_lists'), 'down restores the table of before');
    for (const statement of [
      `insert into studios (id, name, slug, created_at) values ('st_1', 'S', 's', 1)`,
      `insert into collections (id, studio_id, name, slug, description, downloadable, created_at, updated_at) values ('co_1', 'st_1', 'C', 'c', '', 'original', 1, 1)`,
      `insert into galleries (id, studio_id, collection_id, name, description, private, position, created_at, updated_at) values ('ga_1', 'st_1', 'co_1', 'G', '', 0, 0, 1, 1)`,
      ...['ph_1', 'ph_2', 'ph_3'].map((id, i) => `insert into photos (id, studio_id, collection_id, gallery_id, filename, content_type, size, width, height, sha256, thumbnail_size, web_size, created_at) values ('${id}', 'st_1', 'co_1', 'ga_1', '${id}.jpg', 'image/jpeg', 10, 3, 2, 'x', 1, 1, ${i})`),
      `insert into collection_visitors (collection_id, email, email_key, visits, first_seen_at, last_seen_at) values ('co_1', 'Ann@example.test', 'ann@example.test', 2, 1, 5), ('co_1', 'cy@example.test', 'cy@example.test', 1, 1, 6)`,
      `insert into favorites (collection_id, photo_id, email, email_key, created_at) values ('co_1', 'ph_1', 'Ann@example.test', 'ann@example.test', 7), ('co_1', 'ph_2', 'Ann@example.test', 'ann@example.test', 8), ('co_1', 'ph_3', 'bob@example.test', 'bob@example.test', 9)`,
    ]) await sql.raw(statement).execute(db);

    await favoriteListsDeliveryMigration.up(db);
    const lists = (await sql<{ email_key: string; name: string; default_key: string | null; n: number }>`select l.email_key, l.name, l.default_key, (select count(*) from favorite_list_photos p where p.list_id = l.id) as n from favorite_lists l order by l.email_key`.execute(db)).rows;
    assert.deepEqual(lists.map((l) => [l.email_key, l.name, l.default_key, Number(l.n)]), [
      ['ann@example.test', 'Favorites', 'ann@example.test', 2],
      ['bob@example.test', 'Favorites', 'bob@example.test', 1],
      ['cy@example.test', 'Favorites', 'cy@example.test', 0],
    ]);
    const after = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name);
    assert.ok(!after.includes('favorites'), 'the flat table is gone');
  } finally {
    await db.destroy();
  }
  const store = openSqliteStore(file);
  try {
    const favorites = await store.galleryActivity.listFavorites('co_1', { emailKey: 'ann@example.test' }, { limit: 10, offset: 0 });
    assert.deepEqual(favorites.items.map((f) => [f.photoId, f.email, f.createdAt]), [['ph_2', 'Ann@example.test', 8], ['ph_1', 'Ann@example.test', 7]], 'read through the store as before');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
