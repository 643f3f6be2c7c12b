// `restoreBackup`: checks every file of a backup against its manifest, copies it into a temporary directory beside
// the target, checks the copy again, and only then renames it into place: the target is the whole backup or nothing.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import { copyHashed, digestFile, type FileDigest } from './digest.ts';
import { DATABASE_NAME, readManifest, syncDirectory, type Manifest, type ManifestEntry } from './manifest.ts';
import { openSnapshot } from './sqlite-snapshot.ts';
import { isWithin, requireEmptyOrAbsent } from './target-dir.ts';

export interface RestoreOptions {
  from: string;
  /** The data directory to restore into: it must not exist or be empty. */
  dataDir: string;
  /** The migrations this build knows (a backup with others comes from a newer Lightbox and is refused). */
  knownMigrations: readonly string[];
}

export interface RestoreSummary {
  dataDir: string;
  manifest: Manifest;
  files: number;
  bytes: number;
  durationMs: number;
  /** Migrations this build has that the backup's database lacks: the next `serve` or `migrate` applies them. */
  pending: string[];
}

function mismatch(entry: ManifestEntry, got: FileDigest): string | null {
  if (got.size !== entry.size) return `${got.size} bytes where the manifest says ${entry.size} (truncated or replaced)`;
  if (got.sha256 !== entry.sha256) return 'its SHA-256 differs from the manifest (the file was changed)';
  return null;
}

function damaged(from: string, path: string, reason: string): AppError {
  return new AppError('validation_failed', `The backup in ${from} is damaged: ${path}: ${reason}. Nothing was restored`, { details: { file: path } });
}

/** Reads every file the manifest lists and compares it; the first one that differs or is missing is named. */
async function verifyFiles(from: string, manifest: Manifest): Promise<void> {
  for (const entry of manifest.files) {
    let got: FileDigest;
    try {
      got = await digestFile(join(from, entry.path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw damaged(from, entry.path, 'missing from the backup');
      throw err;
    }
    const problem = mismatch(entry, got);
    if (problem) throw damaged(from, entry.path, problem);
  }
}

/** The backup's manifest, once every file it lists was read and found as it says. */
export async function verifyBackup(from: string): Promise<Manifest> {
  const manifest = await readManifest(from);
  await verifyFiles(from, manifest);
  return manifest;
}

async function copyAll(from: string, temp: string, manifest: Manifest): Promise<void> {
  const dirs = new Set<string>();
  for (const entry of manifest.files) {
    const target = join(temp, entry.path);
    const dir = dirname(target);
    if (!dirs.has(dir)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      dirs.add(dir);
    }
    const source = await open(join(from, entry.path), 'r');
    try {
      // Checked again as it is copied: the backup could have changed since it was verified.
      const problem = mismatch(entry, await copyHashed(source, target));
      if (problem) throw damaged(from, entry.path, problem);
    } finally {
      await source.close();
    }
  }
  for (const dir of dirs) await syncDirectory(dir);
}

/** A database with migrations this build does not know cannot be started by it (the migrator refuses). */
function refuseNewerSchema(applied: readonly string[], known: readonly string[], manifest: Manifest): void {
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new AppError('conflict', `The backup comes from a newer Lightbox (${manifest.lightboxVersion}) whose schema has migrations this version does not know: ${unknown.join(', ')}. Restore it with that version or later. Nothing was restored`);
}

async function checkDatabase(file: string, manifest: Manifest, known: readonly string[]): Promise<string[]> {
  const db = openSnapshot(file);
  try {
    const problems = db.integrity();
    if (problems.join() !== 'ok') throw new AppError('validation_failed', `The backup's database fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}. Nothing was restored`);
    const applied = await db.migrations();
    refuseNewerSchema(applied, known, manifest);
    return known.filter((name) => !applied.includes(name));
  } finally {
    await db.close();
  }
}

/** Moves the finished temporary directory onto the target (an empty target directory is replaced). */
async function place(temp: string, target: string): Promise<void> {
  try {
    await rename(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw err;
    await rmdir(target); // still empty: requireEmptyOrAbsent saw to that, and rmdir refuses anything else
    await rename(temp, target);
  }
  await syncDirectory(dirname(target));
}

export async function restoreBackup(o: RestoreOptions): Promise<RestoreSummary> {
  const started = performance.now();
  const from = resolve(o.from);
  const target = resolve(o.dataDir);
  if (isWithin(from, target) || isWithin(target, from)) throw new AppError('conflict', `The data directory ${target} and the backup ${from} overlap: restore into a separate directory`);
  await requireEmptyOrAbsent(target, 'The data directory');
  const manifest = await readManifest(from);
  refuseNewerSchema(manifest.migrations, o.knownMigrations, manifest);
  await verifyFiles(from, manifest);
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(6).toString('hex')}`);
  await mkdir(temp, { mode: 0o700 });
  try {
    await copyAll(from, temp, manifest);
    const pending = await checkDatabase(join(temp, DATABASE_NAME), manifest, o.knownMigrations);
    await requireEmptyOrAbsent(target, 'The data directory');
    await place(temp, target);
    return {
      dataDir: target, manifest, files: manifest.files.length, bytes: manifest.files.reduce((n, f) => n + f.size, 0),
      durationMs: performance.now() - started, pending,
    };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}
