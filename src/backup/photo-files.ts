// Finding a photo's files in the live data directory while the server may be moving them (upload commit, delete).
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { RENDITION_FILES, isWatermarkLogoKey, parsePhotoKey, photoKey } from '../api/photos/files.ts';
import type { LocalPhotoStorage } from '../storage/local.ts';
import type { LogoFilesRow, PhotoFilesRow } from './sqlite-snapshot.ts';

/** One file a photo row (or a collection's watermark) owns, and what it must measure. */
export interface ExpectedFile {
  key: string;
  size: number;
  /** base64url SHA-256; the database records it for originals only. */
  sha256Base64url?: string;
}

/** The original and every derivative the row's set has (a photo not yet backfilled has the thumbnail and web JPEG only). */
export function expectedFiles(row: PhotoFilesRow): ExpectedFile[] {
  const sizes: Record<string, number | null> = {
    'thumbnail.jpeg': row.thumbnailSize, 'web.jpeg': row.webSize, 'medium.jpeg': row.mediumSize,
    'thumbnail.webp': row.thumbnailWebpSize, 'medium.webp': row.mediumWebpSize, 'web.webp': row.webWebpSize,
  };
  const out: ExpectedFile[] = [{ key: photoKey(row.studioId, row.id, 'original'), size: row.size, sha256Base64url: row.sha256 }];
  for (const f of RENDITION_FILES) {
    const size = sizes[`${f.variant}.${f.format}`] ?? null;
    if (size !== null) out.push({ key: photoKey(row.studioId, row.id, f.variant, { format: f.format, renderId: row.renderId }), size });
  }
  return out;
}

export function expectedLogo(row: LogoFilesRow): ExpectedFile {
  return { key: row.key, size: row.size };
}

/** A key a backup holds under photos/: a photo's file or a watermark logo. */
export function isStoredFileKey(key: string): boolean {
  return parsePhotoKey(key) !== null || isWatermarkLogoKey(key);
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
  if (!isStoredFileKey(key)) return null;
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
