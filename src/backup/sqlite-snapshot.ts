// The database half of a backup: SQLite's online backup API on the live file, and reading what the copy holds.
import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Database } from '../store/schema.ts';

/** The backup step size: every page in one step, i.e. inside one read transaction (see snapshotDatabase). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database into `target` (replaced if present) with SQLite's online backup API, while a server may be
 * writing to it. The source is opened read-only and copied in a single step: one read transaction, so the copy is
 * exactly the database as of one commit, and in WAL mode (the server's) a reader never blocks the server's writers;
 * a copy made in several steps would start over each time the server committed in between.
 */
export async function snapshotDatabase(liveFile: string, target: string, busyTimeoutMs = 5000): Promise<void> {
  if (!existsSync(liveFile)) throw new AppError('not_found', `There is no database at ${liveFile}: is --data (LIGHTBOX_DATA) the server's data directory?`);
  for (const file of [target, `${target}-wal`, `${target}-shm`]) await rm(file, { force: true });
  const source = new BetterSqlite3(liveFile, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  try {
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

/** A photo row as a backup needs it: which files it owns and what they must measure. */
export interface PhotoFilesRow {
  studioId: string;
  id: string;
  size: number;
  /** base64url SHA-256 of the original. */
  sha256: string;
  thumbnailSize: number;
  webSize: number;
  /** Migration 0020: the render id of its derivative set, and the sizes of the files added then (null: not made yet). */
  renderId: string;
  mediumSize: number | null;
  thumbnailWebpSize: number | null;
  mediumWebpSize: number | null;
  webWebpSize: number | null;
}

/** A collection's watermark logo, a file the database references beside the photos. */
export interface LogoFilesRow {
  key: string;
  size: number;
}

export interface SnapshotReader {
  photos(): Promise<PhotoFilesRow[]>;
  /** Watermark logos (none in a database from before migration 0020). */
  logos(): Promise<LogoFilesRow[]>;
  /** Applied migration names, sorted; empty for a database that never ran one. */
  migrations(): Promise<string[]>;
  /** `PRAGMA integrity_check`: ['ok'] for a sound file, otherwise the problems it found. */
  integrity(): string[];
  /**
   * Leaves WAL mode for a rollback journal, so the copy is one self-contained file (a server that opens it switches
   * back to WAL), and closes it.
   */
  closeAsSingleFile(): Promise<void>;
  close(): Promise<void>;
}

export function openSnapshot(file: string): SnapshotReader {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const hasTable = (name: string): boolean => sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;
  const hasColumn = (table: string, column: string): boolean => (sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>).some((c) => c.name === column);
  return {
    async photos(): Promise<PhotoFilesRow[]> {
      const rows = await db.selectFrom('photos').select(['studio_id', 'id', 'size', 'sha256', 'thumbnail_size', 'web_size']).orderBy('id').execute();
      const base = rows.map((r) => ({ studioId: r.studio_id, id: r.id, size: r.size, sha256: r.sha256, thumbnailSize: r.thumbnail_size, webSize: r.web_size }));
      // A database from before migration 0020 has the first derivative set only: thumbnail and web JPEG.
      if (!hasColumn('photos', 'render_id')) return base.map((r) => ({ ...r, renderId: '', mediumSize: null, thumbnailWebpSize: null, mediumWebpSize: null, webWebpSize: null }));
      const sets = new Map((await db.selectFrom('photos').select(['id', 'render_id', 'medium_size', 'thumbnail_webp_size', 'medium_webp_size', 'web_webp_size']).execute()).map((r) => [r.id, r]));
      return base.map((r) => {
        const s = sets.get(r.id);
        return {
          ...r, renderId: s?.render_id ?? '', mediumSize: s?.medium_size ?? null, thumbnailWebpSize: s?.thumbnail_webp_size ?? null,
          mediumWebpSize: s?.medium_webp_size ?? null, webWebpSize: s?.web_webp_size ?? null,
        };
      });
    },
    async logos(): Promise<LogoFilesRow[]> {
      if (!hasTable('collection_watermarks')) return [];
      const rows = await db.selectFrom('collection_watermarks').select(['logo_key', 'logo_size']).where('logo_key', 'is not', null).orderBy('logo_key').execute();
      return rows.map((r) => ({ key: r.logo_key ?? '', size: Number(r.logo_size ?? 0) }));
    },
    async migrations(): Promise<string[]> {
      const table = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
      if (Number(table.rows[0]?.n ?? 0) === 0) return [];
      const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      return names.rows.map((r) => r.name);
    },
    integrity(): string[] {
      const rows = sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((r) => r.integrity_check);
    },
    async closeAsSingleFile(): Promise<void> {
      sqlite.pragma('journal_mode = DELETE');
      await db.destroy();
    },
    close: () => db.destroy(),
  };
}
