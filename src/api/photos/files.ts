// Where a photo's files live in PhotoStorage, and removing them when the photo goes.
import type { PhotoStorage } from '../../storage/types.ts';
import type { PhotoStore } from '../../store/types.ts';

/** The sizes a photo is served at, smallest derivative first; `original` is the upload, never changed. */
export const PHOTO_VARIANTS = ['original', 'thumbnail', 'medium', 'web'] as const;
export type PhotoVariant = (typeof PHOTO_VARIANTS)[number];
export type DerivedVariant = Exclude<PhotoVariant, 'original'>;
export const DERIVED_VARIANTS: readonly DerivedVariant[] = ['thumbnail', 'medium', 'web'];

/** The encodings every derivative is stored in. */
export const IMAGE_FORMATS = ['jpeg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export const FORMAT_CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', webp: 'image/webp' };
const EXTENSIONS: Record<ImageFormat, string> = { jpeg: 'jpg', webp: 'webp' };

/** One stored file of a photo: the original, or a derivative in one format. */
export type PhotoFile = { variant: 'original' } | { variant: DerivedVariant; format: ImageFormat };

/** Every derivative file a complete rendition has. */
export const RENDITION_FILES: ReadonlyArray<{ variant: DerivedVariant; format: ImageFormat }> =
  DERIVED_VARIANTS.flatMap((variant) => IMAGE_FORMATS.map((format) => ({ variant, format })));

/** What a render id may look like: empty for a photo's first set of derivatives, else letters and digits. */
const RENDER_ID = /^(?:|[A-Za-z0-9]{6,32})$/;

/**
 * Flat keys per studio: `st_…/ph_….original`, `st_…/ph_….web.jpg`, `st_…/ph_….medium.webp`. A re-render (a new
 * watermark, the sizes added later) writes a new set under a new render id, `st_…/ph_….web.<render>.jpg`, so a stored
 * file's bytes never change: the old set stays served until the row names the new one.
 */
export function photoKey(studioId: string, photoId: string, variant: PhotoVariant, options: { format?: ImageFormat; renderId?: string } = {}): string {
  if (variant === 'original') return `${studioId}/${photoId}.original`;
  const renderId = options.renderId ?? '';
  if (!RENDER_ID.test(renderId)) throw new Error('invalid render id');
  return `${studioId}/${photoId}.${variant}${renderId === '' ? '' : `.${renderId}`}.${EXTENSIONS[options.format ?? 'jpeg']}`;
}

/** The key of one file of a photo as its row describes it now. */
export function photoFileKey(photo: { studioId: string; id: string; renderId: string }, file: PhotoFile): string {
  return file.variant === 'original'
    ? photoKey(photo.studioId, photo.id, 'original')
    : photoKey(photo.studioId, photo.id, file.variant, { format: file.format, renderId: photo.renderId });
}

const KEY_SHAPE = /^(st_[A-Za-z0-9]+)\/(ph_[A-Za-z0-9]+)\.(?:original|(?:thumbnail|medium|web)(?:\.([A-Za-z0-9]{6,32}))?\.(?:jpg|webp))$/;

/**
 * The studio and photo a storage key belongs to (and, for a derivative, its render id), or null for a key that is
 * not a photo file's.
 */
export function parsePhotoKey(key: string): { studioId: string; photoId: string; renderId: string | null } | null {
  const m = KEY_SHAPE.exec(key);
  if (!m) return null;
  const original = key.endsWith('.original');
  return { studioId: m[1] as string, photoId: m[2] as string, renderId: original ? null : (m[3] ?? '') };
}

const LOGO_KEY = /^st_[A-Za-z0-9]+\/co_[A-Za-z0-9]+\.watermark\.[A-Za-z0-9]{6,32}\.png$/;

/**
 * Where a collection's watermark logo is stored, beside its studio's photos: `st_…/co_….watermark.<tag>.png`, a new
 * tag per upload (so a stored file never changes). Never a photo key: crash settlement drops it from staging.
 */
export function watermarkLogoKey(studioId: string, collectionId: string, tag: string): string {
  const key = `${studioId}/${collectionId}.watermark.${tag}.png`;
  if (!LOGO_KEY.test(key)) throw new Error('invalid watermark logo key');
  return key;
}

export function isWatermarkLogoKey(key: string): boolean {
  return LOGO_KEY.test(key);
}

/** Every key a photo's files may have under one render id (the original included); removing a missing key is harmless. */
export function photoKeys(studioId: string, photoId: string, renderId: string, options: { original: boolean }): string[] {
  const derived = RENDITION_FILES.map((f) => photoKey(studioId, photoId, f.variant, { format: f.format, renderId }));
  return options.original ? [photoKey(studioId, photoId, 'original'), ...derived] : derived;
}

/** Where failures that must not fail the request are reported (a Fastify logger fits). */
export interface ErrorLog {
  error(obj: Record<string, unknown>, msg: string): void;
  warn?(obj: Record<string, unknown>, msg: string): void;
}

export interface NotedSetDeps {
  storage: PhotoStorage;
  store: { photos: Pick<PhotoStore, 'forgetRenderSet'> };
}

/**
 * Removes the files of a set noted in the store (migration 0024), the original too when `original`, then forgets the
 * note. A storage error is thrown with the note kept, so the housekeeping tries again.
 */
export async function removeNotedSet(deps: NotedSetDeps, set: { photoId: string; studioId: string; renderId: string; original?: boolean }): Promise<void> {
  for (const key of photoKeys(set.studioId, set.photoId, set.renderId, { original: set.original === true })) await deps.storage.remove(key);
  await deps.store.photos.forgetRenderSet(set.photoId, set.renderId);
}

/**
 * The files of photos whose rows were deleted (noted by noteDeletedPhotos in that transaction). Best effort: a photo
 * whose files cannot be removed now is logged and left to the housekeeping, never turned into a failed request.
 */
export async function removePhotoFiles(deps: NotedSetDeps, studioId: string, photos: ReadonlyArray<{ id: string; renderId: string }>, log: ErrorLog): Promise<void> {
  for (const photo of photos) {
    try {
      await removeNotedSet(deps, { photoId: photo.id, studioId, renderId: photo.renderId, original: true });
    } catch (err) {
      log.error({ err, photoId: photo.id }, 'could not remove the files of a deleted photo; the housekeeping tries again');
    }
  }
}
