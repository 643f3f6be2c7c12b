// `createBackup`: a consistent online copy of a data directory. The database first (SQLite's online backup API,
// one commit's state), then exactly the photo files that copy references, then manifest.json, last.
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { LocalPhotoStorage } from '../storage/local.ts';
import { copyHashed, digestFile } from './digest.ts';
import { DATABASE_NAME, MANIFEST_FORMAT, MANIFEST_VERSION, PHOTOS_DIR, syncDirectory, writeManifest, type Manifest, type ManifestEntry, type MissingEntry } from './manifest.ts';
import { expectedFiles, expectedLogo, openPhotoFile, type ExpectedFile } from './photo-files.ts';
import { openSnapshot, snapshotDatabase, type SnapshotReader } from './sqlite-snapshot.ts';
import { isWithin, makePrivateDir, requireEmptyOrAbsent } from './target-dir.ts';

export interface BackupOptions {
  /** The live data directory (the server's `dataDir`). */
  dataDir: string;
  /** Where the backup goes: a directory that does not exist yet or is empty. */
  to: string;
  clock: Clock;
  lightboxVersion: string;
  /** Finish even when files the database references are missing or damaged in the data directory (listed in the manifest). */
  allowMissing?: boolean;
  /** Fresh snapshots to take at most when photos vanish because the server deleted them meanwhile. */
  maxAttempts?: number;
  /**
   * Runs after each database snapshot, before its photo files are copied: where a test makes the server's moves
   * (a deletion racing the copy) happen at a known moment.
   */
  afterSnapshot?: (snapshot: number) => Promise<void>;
}

/** A file the database references that is not in the backup, and why. */
export type MissingFile = MissingEntry;

export interface BackupSummary {
  dir: string;
  photos: number;
  /** Files in the backup, the database included. */
  files: number;
  bytes: number;
  durationMs: number;
  /** Database snapshots taken (more than one when photos were deleted while their files were being copied). */
  snapshots: number;
  missing: MissingFile[];
}

interface Attempt {
  snapshot: SnapshotReader;
  photos: number;
  expected: Set<string>;
  missing: MissingFile[];
}

/** Copies one expected file into the backup unless an earlier attempt already did (photo files never change). */
async function copyPhotoFile(storage: LocalPhotoStorage, to: string, file: ExpectedFile, copied: Map<string, ManifestEntry>): Promise<MissingFile | null> {
  const path = `${PHOTOS_DIR}/${file.key}`;
  if (copied.has(path)) return null;
  const source = await openPhotoFile(storage, file.key);
  if (!source) return { path, reason: 'not in the data directory' };
  const target = join(to, path);
  try {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const digest = await copyHashed(source, target);
    const wrongSize = digest.size !== file.size;
    const wrongHash = file.sha256Base64url !== undefined && digest.sha256Base64url !== file.sha256Base64url;
    if (wrongSize || wrongHash) {
      await rm(target, { force: true });
      return { path, reason: wrongSize ? `${digest.size} bytes where the database says ${file.size}` : 'its SHA-256 differs from the one the database recorded' };
    }
    copied.set(path, { path, size: digest.size, sha256: digest.sha256 });
    return null;
  } finally {
    await source.close();
  }
}

async function attempt(liveDb: string, storage: LocalPhotoStorage, to: string, copied: Map<string, ManifestEntry>, afterSnapshot: () => Promise<void>): Promise<Attempt> {
  const file = join(to, DATABASE_NAME);
  await snapshotDatabase(liveDb, file);
  await afterSnapshot();
  const snapshot = openSnapshot(file);
  try {
    const rows = await snapshot.photos();
    const expected = new Set<string>();
    const missing: MissingFile[] = [];
    const files = [...rows.flatMap(expectedFiles), ...(await snapshot.logos()).map(expectedLogo)];
    for (const f of files) {
      expected.add(`${PHOTOS_DIR}/${f.key}`);
      const problem = await copyPhotoFile(storage, to, f, copied);
      if (problem) missing.push(problem);
    }
    return { snapshot, photos: rows.length, expected, missing };
  } catch (err) {
    await snapshot.close();
    throw err;
  }
}

const samePaths = (a: MissingFile[], b: MissingFile[] | undefined): boolean =>
  b !== undefined && a.length === b.length && a.every((m, i) => m.path === b[i]?.path);

/** Removes photo files copied for an earlier snapshot that the final one no longer references, and emptied folders. */
async function prune(to: string, copied: Map<string, ManifestEntry>, expected: Set<string>): Promise<void> {
  for (const path of [...copied.keys()]) {
    if (expected.has(path)) continue;
    await rm(join(to, path), { force: true });
    copied.delete(path);
  }
  const photos = join(to, PHOTOS_DIR);
  for (const studio of await readdir(photos).catch(() => [] as string[])) {
    if ((await readdir(join(photos, studio))).length === 0) await rm(join(photos, studio), { recursive: true });
  }
}

async function run(o: BackupOptions, to: string, started: number): Promise<BackupSummary> {
  const dataDir = resolve(o.dataDir);
  const storage = new LocalPhotoStorage(join(dataDir, PHOTOS_DIR));
  const copied = new Map<string, ManifestEntry>();
  const maxAttempts = o.maxAttempts ?? 5;
  let current: Attempt | undefined;
  let previousMissing: MissingFile[] | undefined;
  let snapshots = 0;
  // A photo deleted after the snapshot loses its files before they are copied: take a fresh snapshot (which no
  // longer has it) and copy only what is new. The same files missing twice in a row are not a race but a loss.
  while (true) {
    await current?.snapshot.close();
    const n = ++snapshots;
    current = await attempt(join(dataDir, DATABASE_NAME), storage, to, copied, async () => { await o.afterSnapshot?.(n); });
    if (current.missing.length === 0 || samePaths(current.missing, previousMissing) || snapshots >= maxAttempts) break;
    previousMissing = current.missing;
  }
  const { snapshot, missing, expected, photos } = current;
  let manifest: Manifest;
  try {
    const problems = snapshot.integrity();
    if (problems.join() !== 'ok') throw new AppError('internal_error', `The database copy fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
    if (missing.length > 0 && !samePaths(missing, previousMissing) && snapshots > 1) {
      throw new AppError('conflict', `Photos kept being deleted while their files were copied (${snapshots} database snapshots, each missing other files): run the backup again`);
    }
    if (missing.length > 0 && o.allowMissing !== true) {
      const first = missing[0] as MissingFile;
      throw new AppError('conflict', `${missing.length} file${missing.length === 1 ? '' : 's'} the database references could not be backed up, first ${first.path}: ${first.reason}. Pass --allow-missing to back up without ${missing.length === 1 ? 'it' : 'them'} (those photos will lack files after a restore too)`);
    }
    await prune(to, copied, expected);
    const migrations = await snapshot.migrations();
    await snapshot.closeAsSingleFile();
    await chmod(join(to, DATABASE_NAME), 0o600);
    const db = await digestFile(join(to, DATABASE_NAME));
    const files = [{ path: DATABASE_NAME, size: db.size, sha256: db.sha256 }, ...[...copied.values()].sort((a, b) => a.path.localeCompare(b.path))];
    manifest = {
      format: MANIFEST_FORMAT, formatVersion: MANIFEST_VERSION, lightboxVersion: o.lightboxVersion, createdAt: new Date(o.clock.now()).toISOString(),
      store: 'sqlite', migrations, photos, files, missing,
    };
  } catch (err) {
    await snapshot.close();
    throw err;
  }
  // Every rename is made durable before the manifest says the backup is complete.
  for (const dir of new Set(manifest.files.map((f) => dirname(join(to, f.path))))) await syncDirectory(dir);
  await writeManifest(to, manifest);
  return {
    dir: to, photos, files: manifest.files.length, bytes: manifest.files.reduce((n, f) => n + f.size, 0),
    durationMs: performance.now() - started, snapshots, missing,
  };
}

/**
 * Backs up `dataDir` into `to` while a server may be running on it. On failure nothing usable is left: what was
 * written is removed, and a directory without manifest.json is refused by restore anyway.
 */
export async function createBackup(o: BackupOptions): Promise<BackupSummary> {
  const started = performance.now();
  const to = resolve(o.to);
  if (isWithin(o.dataDir, to)) throw new AppError('conflict', `The backup directory ${to} is inside the data directory ${resolve(o.dataDir)}: put backups elsewhere`);
  const state = await requireEmptyOrAbsent(to, 'The backup directory');
  await makePrivateDir(to);
  try {
    return await run(o, to, started);
  } catch (err) {
    if (state === 'absent') await rm(to, { recursive: true, force: true });
    else for (const entry of await readdir(to)) await rm(join(to, entry), { recursive: true, force: true });
    throw err;
  }
}
