// manifest.json: what a backup holds, file by file with size and SHA-256. Written last, so its presence is what makes
// a backup complete; read and checked (shape and every path) before a restore trusts any of it.
import { readFile, rename, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { AppError } from '../errors.ts';
import { isWatermarkLogoKey, parsePhotoKey } from '../api/photos/files.ts';

export const MANIFEST_NAME = 'manifest.json';
export const MANIFEST_FORMAT = 'lightbox-backup';
/** Bumped when a reader of the previous version could misread a new manifest. */
export const MANIFEST_VERSION = 1;
/** The database file inside a backup, and inside a data directory. */
export const DATABASE_NAME = 'lightbox.db';
export const PHOTOS_DIR = 'photos';

const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

const ManifestFile = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 300 }),
  size: Type.Integer({ minimum: 0 }),
  sha256: Sha256Hex,
});

const MissingFile = Type.Object({
  path: Type.String({ minLength: 1, maxLength: 300 }),
  reason: Type.String({ maxLength: 500 }),
});

export const MANIFEST_SCHEMA = Type.Object({
  format: Type.Literal(MANIFEST_FORMAT),
  formatVersion: Type.Integer({ minimum: 1 }),
  lightboxVersion: Type.String(),
  createdAt: Type.String(),
  store: Type.Literal('sqlite'),
  /** Names of the schema migrations the backed-up database had applied, sorted. */
  migrations: Type.Array(Type.String()),
  /** Photos in the backed-up database (one original and two derivatives each). */
  photos: Type.Integer({ minimum: 0 }),
  files: Type.Array(ManifestFile),
  /** Files the database references that the data directory did not have (only with `backup --allow-missing`). */
  missing: Type.Array(MissingFile),
});

export type Manifest = Static<typeof MANIFEST_SCHEMA>;
export type ManifestEntry = Static<typeof ManifestFile>;
export type MissingEntry = Static<typeof MissingFile>;

/** Whether a manifest path is one a backup can hold: the database, or a photo file's (or watermark logo's) storage key under photos/. */
export function isBackupPath(path: string): boolean {
  if (path === DATABASE_NAME) return true;
  const prefix = `${PHOTOS_DIR}/`;
  if (!path.startsWith(prefix)) return false;
  const key = path.slice(prefix.length);
  return parsePhotoKey(key) !== null || isWatermarkLogoKey(key);
}

/** Writes manifest.json through a temporary file, synced, then renamed: a reader sees no manifest or a whole one. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const temp = join(dir, `${MANIFEST_NAME}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  const handle = await open(temp, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, MANIFEST_NAME));
  await syncDirectory(dir);
}

/** fsync of a directory, so the renames inside it survive a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function damaged(dir: string, reason: string): AppError {
  return new AppError('validation_failed', `${dir} is not a usable Lightbox backup: ${reason}`);
}

/** Reads and checks manifest.json; a backup without one did not finish and is refused. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw damaged(dir, `it has no ${MANIFEST_NAME}, so the backup did not finish (the manifest is written last); take a new one`);
    }
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(dir, `${MANIFEST_NAME} is not valid JSON`);
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > MANIFEST_VERSION) {
    throw damaged(dir, `it was written in backup format ${version}, newer than this Lightbox reads (${MANIFEST_VERSION}); restore it with a newer Lightbox`);
  }
  if (!Value.Check(MANIFEST_SCHEMA, value)) {
    const first = [...Value.Errors(MANIFEST_SCHEMA, value)][0];
    throw damaged(dir, `${MANIFEST_NAME} does not have the expected shape${first ? ` (${first.instancePath || '/'}: ${first.message})` : ''}`);
  }
  const seen = new Set<string>();
  for (const file of value.files) {
    if (!isBackupPath(file.path)) throw damaged(dir, `${MANIFEST_NAME} names a file a backup cannot hold: ${JSON.stringify(file.path)}`);
    if (seen.has(file.path)) throw damaged(dir, `${MANIFEST_NAME} lists ${file.path} twice`);
    seen.add(file.path);
  }
  if (!seen.has(DATABASE_NAME)) throw damaged(dir, `${MANIFEST_NAME} lists no ${DATABASE_NAME}`);
  return value;
}
