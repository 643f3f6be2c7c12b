// Where a photo's three files live in PhotoStorage, and removing them when the photo goes.
import type { PhotoStorage } from '../../storage/types.ts';

export const PHOTO_VARIANTS = ['original', 'thumbnail', 'web'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];

/** Flat keys per studio: `st_…/ph_….web.jpg`. Derivatives are always JPEG. */
export function photoKey(studioId: string, photoId: string, variant: PhotoVariant): string {
  return variant === 'original' ? `${studioId}/${photoId}.original` : `${studioId}/${photoId}.${variant}.jpg`;
}

const KEY_SHAPE = /^(st_[A-Za-z0-9]+)\/(ph_[A-Za-z0-9]+)\.(?:original|thumbnail\.jpg|web\.jpg)$/;

/** The studio and photo a storage key belongs to, or null for a key that is not a photo file's. */
export function parsePhotoKey(key: string): { studioId: string; photoId: string } | null {
  const m = KEY_SHAPE.exec(key);
  return m ? { studioId: m[1] as string, photoId: m[2] as string } : null;
}

/** Where failures that must not fail the request are reported (a Fastify logger fits). */
export interface ErrorLog {
  error(obj: Record<string, unknown>, msg: string): void;
  warn?(obj: Record<string, unknown>, msg: string): void;
}

/** Best effort: a file that cannot be removed is logged, never turned into a failed request after the rows are gone. */
export async function removePhotoFiles(storage: PhotoStorage, studioId: string, photoIds: readonly string[], log: ErrorLog): Promise<void> {
  for (const id of photoIds) {
    for (const variant of PHOTO_VARIANTS) {
      try {
        await storage.remove(photoKey(studioId, id, variant));
      } catch (err) {
        log.error({ err, photoId: id, variant }, 'could not remove photo file');
      }
    }
  }
}
