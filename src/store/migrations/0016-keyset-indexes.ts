// 0016: indexes for keyset (cursor) pages of clients, photos and downloads. Each list is ordered by time and then id,
// and pages seek with `(created_at, id) < (t, id)`; an index that ends in created_at alone leaves the id tiebreak to a
// sort (SQLite's "temp B-tree for ORDER BY", PostgreSQL's Sort/Incremental Sort), so every page would read the whole
// list. The new indexes replace the old ones: they serve every query the shorter ones did (same leading columns).
// Both dialects run the same statements: plain B-tree indexes, which SQLite reads backwards for the newest-first lists.
import type { Kysely, Migration } from 'kysely';

const INDEXES = [
  { table: 'clients', old: 'clients_studio_created', name: 'clients_studio_created_id', columns: ['studio_id', 'created_at', 'id'] },
  { table: 'photos', old: 'photos_gallery_created', name: 'photos_gallery_created_id', columns: ['gallery_id', 'created_at', 'id'] },
  { table: 'downloads', old: 'downloads_collection_created', name: 'downloads_collection_created_id', columns: ['collection_id', 'created_at', 'id'] },
] as const;

export const keysetIndexesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const i of INDEXES) {
      await db.schema.createIndex(i.name).ifNotExists().on(i.table).columns([...i.columns]).execute();
      await db.schema.dropIndex(i.old).ifExists().execute();
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const i of INDEXES) {
      await db.schema.createIndex(i.old).ifNotExists().on(i.table).columns([...i.columns.slice(0, 2)]).execute();
      await db.schema.dropIndex(i.name).ifExists().execute();
    }
  },
};
