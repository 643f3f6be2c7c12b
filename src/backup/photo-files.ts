// Finding a photo's files in the live data directory while the server may be moving them (upload commit, delete).
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PHOTO_VARIANTS, parsePhotoKey, photoKey } from '../api/photos/files.ts';
import type { LocalPhotoStorage } from '../storage/local.ts';
import type { PhotoFilesRow } from './sqlite-snapshot.ts';

/** One file a photo row owns, and what it must measure. */
export interface ExpectedFile {
  key: string;
  size: number;
  /** base64url SHA-256; the database records it for originals only. */
  sha256Base64url?: string;
}

export function expectedFiles(row: PhotoFilesRow): ExpectedFile[] {
  return PHOTO_VARIANTS.map((variant): ExpectedFile => {
    const key = photoKey(row.studioId, row.id, variant);
    if (variant === 'original') return { key, size: row.size, sha256Base64url: row.sha256 };
    return { key, size: variant === 'thumbnail' ? row.thumbnailSize : row.webSize };
  });
}

async function openIfPresent(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Opens the file stored under `key` wherever the server's protocol has it at this moment. An upload commits its rows
 * before it renames its files out of staging, and a deletion parks the files in staging before the row goes, so a
 * file the snapshot references may be in place or staged under its key; between two looks it may have moved, so both
 * places are tried more than once. Null when it is in neither (deleted since the snapshot, or lost).
 * Once open, the content is fixed: photo files are never rewritten, only renamed or removed.
 */
export async function openPhotoFile(storage: LocalPhotoStorage, key: string): Promise<FileHandle | null> {
  if (parsePhotoKey(key) === null) return null;
  const inPlace = join(storage.root, key);
  for (let look = 0; look < 3; look++) {
    const placed = await openIfPresent(inPlace);
    if (placed) return placed;
    for (const staged of await storage.leftovers()) {
      if (staged.key !== key) continue;
      const handle = await openIfPresent(staged.path);
      if (handle) return handle;
    }
  }
  return null;
}
