// The keyset queries seek into their index on SQLite and PostgreSQL: no sort of the list, and the last page reads
// what the first does (issue #19). Each query is the one the store runs (the repositories export their builders).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Compilable } from 'kysely';
import type { Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/types.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import { clientsAfterQuery } from '../../src/store/repositories/clients.ts';
import { galleryPhotosAfterQuery } from '../../src/store/repositories/photos.ts';
import { downloadsAfterQuery } from '../../src/store/repositories/gallery-activity.ts';
import { auditEventsQuery } from '../../src/store/repositories/audit.ts';
import { createTestDatabase, postgresSkip } from '../helpers/postgres.ts';

const ROWS = 3000;
const LIMIT = 26;
/** A seeded id: 'seedseed' and 14 digits make the 22 characters after the prefix (and stay exact in a JS number). */
const BASE_N = 10_000_000_000_000;
const seedId = (prefix: string, n: number): string => `${prefix}_seedseed${BASE_N + n}`;
/** Ten rows per millisecond, so the id tiebreak matters on every page. */
const seedTime = (n: number): number => 1000 + Math.floor(n / 10);
const at = (prefix: string, n: number): { createdAt: number; id: string } => ({ createdAt: seedTime(n), id: seedId(prefix, n) });
/** 'middle' leaves half the list after the cursor; 'end' leaves 40 rows, the last pages of a walk. */
type Position = 'middle' | 'end';
const REMAINING_AT_END = 40;
/** Newest-first lists walk from n = ROWS down to 1, the photos (oldest first) from 1 up to ROWS. */
const down = (p: Position): number => (p === 'middle' ? ROWS / 2 : REMAINING_AT_END + 1);
const up = (p: Position): number => (p === 'middle' ? ROWS / 2 : ROWS - REMAINING_AT_END);

interface Scene {
  studioId: string;
  collectionId: string;
  galleryId: string;
}

async function seed(store: Store, run: (statement: string) => Promise<void>): Promise<Scene> {
  const scenes: Scene[] = [];
  for (const slug of ['keyset-a', 'keyset-b']) {
    const studio = await store.studios.createStudio({ name: slug, slug, now: 1 });
    const fields = { name: 'C', description: '', eventDate: null, coverPhotoId: null, expiresAt: null, downloadable: 'web-size' as const };
    const collection = await store.collections.createCollection(studio.id, { ...fields, slug, passwordHash: null }, 1);
    const gallery = await store.galleries.createGallery(studio.id, collection.id, { name: 'G', description: '', private: false, position: null }, 1);
    scenes.push({ studioId: studio.id, collectionId: collection.id, galleryId: gallery.id });
  }
  // The same rows for two studios, so the index must narrow to one of them; ids differ by a per-studio offset.
  for (const [k, s] of scenes.entries()) {
    const off = k * ROWS;
    const series = `with recursive g(n) as (select 1 union all select n + 1 from g where n < ${ROWS})`;
    const id = (prefix: string): string => `'${prefix}_seedseed' || (${BASE_N + off} + n)`;
    const time = '(1000 + n / 10)';
    await run(`${series} insert into clients (id, studio_id, email, email_key, first_name, last_name, type, search_key, created_at, updated_at)
      select ${id('cl')}, '${s.studioId}', 'c' || n || '@x.test', 'c' || n || '@x.test', '', '', 'client', 'c' || n, ${time}, ${time} from g`);
    await run(`${series} insert into photos (id, studio_id, collection_id, gallery_id, filename, content_type, size, width, height, sha256, thumbnail_size, web_size, created_at, position)
      select ${id('ph')}, '${s.studioId}', '${s.collectionId}', '${s.galleryId}', 'p.jpg', 'image/jpeg', 1, 1, 1, 's', 1, 1, ${time}, ${time} from g`);
    await run(`${series} insert into downloads (id, studio_id, collection_id, photo_id, email, size, bytes, created_at)
      select ${id('dl')}, '${s.studioId}', '${s.collectionId}', ${id('ph')}, 'a@x.test', 'web-size', 1, ${time} from g`);
    await run(`${series} insert into audit_events (id, studio_id, actor_id, kind, data, created_at)
      select ${id('ev')}, '${s.studioId}', null, 'login_succeeded', '{}', ${time} from g`);
  }
  return scenes[0]!;
}

/** The four keyset queries, each continuing from a cursor at `p`. */
function queries(db: Kysely<Database>, s: Scene, p: Position): Array<{ name: string; index: string; key: string; query: Compilable }> {
  const all = { types: null, search: null };
  return [
    // key: the column the list is ordered by before its id (a time, or a gallery's photo positions).
    { name: `clients (${p})`, index: 'clients_studio_created_id', key: 'created_at', query: clientsAfterQuery(db, s.studioId, all, at('cl', down(p)), LIMIT) },
    { name: `photos (${p})`, index: 'photos_gallery_position_id', key: 'position', query: galleryPhotosAfterQuery(db, s.galleryId, { position: at('ph', up(p)).createdAt, id: at('ph', up(p)).id }, LIMIT) },
    { name: `downloads (${p})`, index: 'downloads_collection_created_id', key: 'created_at', query: downloadsAfterQuery(db, s.collectionId, at('dl', down(p)), LIMIT) },
    { name: `audit events (${p})`, index: 'audit_events_studio_time', key: 'created_at', query: auditEventsQuery(db, s.studioId, {}, at('ev', down(p)), LIMIT) },
  ];
}

const POSITIONS: Position[] = ['middle', 'end'];

describe('keyset queries use their index', () => {
  test('sqlite: EXPLAIN QUERY PLAN searches the (scope, created_at, id) index and builds no temp B-tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lightbox-keyset-'));
    const file = join(dir, 'lightbox.db');
    const store = openSqliteStore(file);
    const raw = new BetterSqlite3(file);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      await store.migrate();
      const scene = await seed(store, async (statement) => { raw.exec(statement); });
      raw.exec('analyze');
      for (const { name, index, key, query } of POSITIONS.flatMap((p) => queries(db, scene, p))) {
        const { sql: text, parameters } = query.compile();
        const plan = (raw.prepare(`explain query plan ${text}`).all(...(parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail);
        const joined = plan.join(' | ');
        assert.match(joined, new RegExp(`SEARCH \\w+ USING (COVERING )?INDEX ${index} \\(\\w+=\\? AND \\(${key},id\\)[<>]\\(\\?,\\?\\)\\)`), `${name}: ${joined}`);
        assert.doesNotMatch(joined, /TEMP B-TREE|SCAN/, `${name}: ${joined}`);
        const rows = raw.prepare(text).all(...(parameters as unknown[]));
        assert.equal(rows.length, LIMIT, `${name}: a full page near the end`);
      }
    } finally {
      await db.destroy();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('postgres: after ANALYZE, EXPLAIN ANALYZE seeks the index with the row comparison and reads no row before the cursor', async (t) => {
    const skip = await postgresSkip('the keyset EXPLAIN test');
    if (skip) {
      t.skip(skip);
      return;
    }
    const database = await createTestDatabase();
    const store = openPostgresStore(database.url);
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await store.migrate();
      const scene = await seed(store, async (statement) => { await sql.raw(statement).execute(db); });
      await sql`analyze`.execute(db);
      for (const { name, index, key, query } of POSITIONS.flatMap((p) => queries(db, scene, p))) {
        const { sql: text, parameters } = query.compile();
        const result = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (analyze, format json) ${text}`, [...parameters]);
        const root = result.rows[0]!['QUERY PLAN'][0]!.Plan;
        const nodes = flatten(root);
        const scan = nodes.find((n) => n['Index Name'] === index);
        const shape = nodes.map((n) => `${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''}`).join(' > ');
        assert.ok(scan, `${name}: ${shape}`);
        assert.match(String(scan['Index Cond']), new RegExp(`ROW\\("?${key}"?, \\(?id\\)?(::text)?\\) [<>] ROW\\(`), `${name}: the cursor is an index condition, not a filter: ${String(scan['Index Cond'])}`);
        // In the middle the index is read in order and the scan stops after one page. Near the end the planner may
        // fetch the few rows left and sort those: either way it never reads rows before the cursor.
        const bound = name.endsWith('(middle)') ? LIMIT : REMAINING_AT_END;
        if (bound === LIMIT) assert.ok(!nodes.some((n) => /Sort/.test(n['Node Type'])), `${name}: no sort: ${shape}`);
        assert.ok(Number(scan['Actual Rows']) <= bound && Number(scan['Rows Removed by Filter'] ?? 0) === 0, `${name}: read ${String(scan['Actual Rows'])} index rows (${shape})`);
        assert.equal(Number(root['Actual Rows']), LIMIT, `${name}: a full page near the end`);
      }
    } finally {
      await db.destroy();
      await store.close();
      await database.drop();
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
