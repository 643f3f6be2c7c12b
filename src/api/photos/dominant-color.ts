// A photo's dominant colour, the placeholder the client gallery paints while a thumbnail loads: computed by sharp
// (stats().dominant, a histogram over the image) from the thumbnail, when the derivatives are made, and once at start
// for photos uploaded before the column existed.
import sharp from 'sharp';
import type { PhotoStorage } from '../../storage/types.ts';
import type { PhotoStore } from '../../store/types.ts';
import type { ErrorLog } from './files.ts';
import { photoKey } from './files.ts';
import type { ImageQueue } from './image-queue.ts';

const hex = (n: number): string => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');

/** `#rrggbb` of the image's most frequent colour bin. */
export async function dominantColorOf(image: Buffer): Promise<string> {
  const { dominant } = await sharp(image).stats();
  return `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`;
}

async function readAll(storage: PhotoStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of storage.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface BackfillDeps {
  store: { photos: PhotoStore };
  storage: PhotoStorage;
  queue: ImageQueue;
  log: ErrorLog;
}

/**
 * Gives every photo without a dominant colour one, read from its thumbnail (a few KB, decoded in the image queue so
 * logins keep their share of the thread pool). A thumbnail that is missing or cannot be decoded gets a neutral grey,
 * so the pass always ends. Stops between batches once `signal` aborts (the server is closing). Returns how many it coloured.
 */
export async function backfillDominantColors(deps: BackfillDeps, options: { batch?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batch = options.batch ?? 50;
  let done = 0;
  for (;;) {
    if (options.signal?.aborted) return done;
    const photos = await deps.store.photos.listPhotosWithoutColor(batch);
    if (photos.length === 0) return done;
    for (const photo of photos) {
      let color = '#808080';
      try {
        const thumbnail = await readAll(deps.storage, photoKey(photo.studioId, photo.id, 'thumbnail'));
        color = await deps.queue.run(() => dominantColorOf(thumbnail));
      } catch (err) {
        deps.log.warn?.({ err, photoId: photo.id }, 'no dominant colour for a photo: its thumbnail could not be read');
      }
      await deps.store.photos.setDominantColor(photo.id, color);
      done++;
    }
  }
}
