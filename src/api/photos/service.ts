// Photos: all-or-nothing uploads (staged files → rows → storage), crash settlement, lookups scoped to the studio, deletion with files.
import { basename } from 'node:path';
import { AppError } from '../../errors.ts';
import { generateId, isIdOf } from '../../lib/ids.ts';
import type { AppDeps, ImageWork } from '../../http/deps.ts';
import type { StagedFile } from '../../storage/types.ts';
import type { GalleryRecord, PhotoRecord } from '../../store/types.ts';
import { ingestImage, receiveFile, type IngestLimits, type UploadStream } from './ingest.ts';
import { parsePhotoKey, photoKey, photoKeys, removePhotoFiles, type ErrorLog } from './files.ts';
import { ImageQueue } from './image-queue.ts';
import { collectionWatermark } from './collection-watermark.ts';
import { isNoSpace } from '../../storage/space.ts';

export type PhotoDeps = Pick<AppDeps, 'store' | 'clock' | 'storage'> & Partial<Pick<AppDeps, 'rendersQueued'>>;

export interface IncomingFile {
  filename: string;
  stream: UploadStream;
}

export function requirePhotoId(id: string): string {
  if (!isIdOf('ph', id)) throw new AppError('invalid_id_format', 'Photo id must look like ph_ followed by 22 letters or digits');
  return id;
}

/** The client's file name without any path, control characters or unbounded length. */
export function cleanFilename(raw: string): string {
  const name = basename(raw.replace(/\\/g, '/')).normalize('NFC').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  return [...name].slice(-200).join('') || 'photo';
}

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** Names the failing file in the error, so a client uploading many knows which one to fix. */
function aboutFile(err: unknown, filename: string, index: number): unknown {
  if (!(err instanceof AppError)) return err;
  return new AppError(err.code, err.message, { details: { ...err.details, filename, index }, ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}) });
}

/** A write that found the disk full becomes 507 (logged once per episode, shown in /readyz), never a 500. */
function storageFailure(deps: PhotoDeps, err: unknown, log: ErrorLog): unknown {
  if (!isNoSpace(err)) return err;
  if (deps.storage.space.markFull()) log.error({ err }, 'photo storage is full: uploads answer 507 until space is freed');
  return new AppError('insufficient_storage', 'The server has no room to store this upload; try again later', { cause: err });
}

/**
 * Receives every file before anything becomes visible: each is streamed to a staged file, checked and its
 * derivatives made; only when all succeeded are the rows written in one insert, and only then are the files renamed
 * into place. Each staged file's name records the key it is meant for, so a crash at any point is settled at the next
 * start by `settleStagedPhotos` (a file whose row committed is moved into place, any other removed): no file is ever
 * in place without its row. Any failure (a bad file, a size limit, a client that disconnects, a full disk) removes
 * every staged file.
 */
export interface UploadOptions {
  queue?: ImageWork;
  /** Keep a file whose bytes are already in the collection (or earlier in this upload); otherwise 409 duplicate_photo. */
  allowDuplicates?: boolean;
}

/**
 * Refuses a file whose bytes the collection already has, by SHA-256, before it is decoded: 409 duplicate_photo naming
 * the photo it repeats. Photographers re-upload a folder after an interruption; this keeps the gallery free of twins.
 */
async function refuseDuplicate(deps: PhotoDeps, gallery: GalleryRecord, sha256: string, earlier: ReadonlyMap<string, string>): Promise<void> {
  const inBatch = earlier.get(sha256);
  if (inBatch !== undefined) {
    throw new AppError('duplicate_photo', `This file has the same content as "${inBatch}" earlier in this upload`, { details: { existing_photo_id: null, same_as: inBatch } });
  }
  const existing = await deps.store.photos.findPhotoByHash(gallery.collectionId, sha256);
  if (existing === null) return;
  throw new AppError('duplicate_photo', `This photo is already in the collection as "${existing.filename}"; upload it with allow_duplicate=true to keep both`, {
    details: { existing_photo_id: existing.id, existing_filename: existing.filename, gallery_id: existing.galleryId },
  });
}

export async function uploadPhotos(deps: PhotoDeps, gallery: GalleryRecord, files: AsyncIterable<IncomingFile>, limits: IngestLimits, log: ErrorLog, options: UploadOptions = {}): Promise<PhotoRecord[]> {
  // Without the server's queue (the demo seed at start-up), this upload's own: one decode at a time.
  const queue = options.queue ?? new ImageQueue({ concurrency: 1, maxWaiting: Number.POSITIVE_INFINITY, retryAfter: 1 });
  // The collection's watermark goes into the medium and web copies as they are made (read once per upload).
  const watermark = await collectionWatermark(deps, gallery.collectionId);
  const staged: StagedFile[] = [];
  const track = (file: StagedFile): void => { staged.push(file); };
  try {
    const ready: Array<{ record: PhotoRecord; files: StagedFile[] }> = [];
    const hashes = new Map<string, string>();
    let index = 0;
    for await (const incoming of files) {
      const filename = cleanFilename(incoming.filename);
      try {
        const id = generateId('ph');
        const received = await receiveFile(deps.storage, incoming.stream, limits, track, photoKey(gallery.studioId, id, 'original'));
        if (options.allowDuplicates !== true) await refuseDuplicate(deps, gallery, received.sha256, hashes);
        if (!hashes.has(received.sha256)) hashes.set(received.sha256, filename);
        const image = await ingestImage(deps.storage, received, limits, track, {
          queue, watermark, keyOf: (variant, format) => photoKey(gallery.studioId, id, variant, { format }),
        });
        const size = (variant: string, format: string): number => image.files.find((f) => f.variant === variant && f.format === format)?.size ?? 0;
        ready.push({
          record: {
            id, studioId: gallery.studioId, collectionId: gallery.collectionId, galleryId: gallery.id, filename, contentType: image.contentType,
            size: received.size, width: image.width, height: image.height, takenAt: image.takenAt, sha256: received.sha256,
            thumbnailSize: size('thumbnail', 'jpeg'), webSize: size('web', 'jpeg'), dominantColor: image.dominantColor, createdAt: deps.clock.now(),
            renderId: '', watermarkRev: image.watermarkRev, mediumSize: size('medium', 'jpeg'), thumbnailWebpSize: size('thumbnail', 'webp'),
            mediumWebpSize: size('medium', 'webp'), webWebpSize: size('web', 'webp'), position: deps.clock.now() * 1000 + index,
          },
          files: [received.original, ...image.files.map((f) => f.file)],
        });
      } catch (err) {
        throw aboutFile(storageFailure(deps, err, log), filename, index);
      }
      index++;
    }
    if (ready.length === 0) throw new AppError('validation_failed', 'No image file in the upload', { details: { file: 'at least one image file is required' } });
    const records = ready.map((r) => r.record);
    try {
      await deps.store.photos.insertPhotos(records);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new AppError('not_found', 'Gallery not found');
      throw err;
    }
    // The rows are committed: from here the files belong to them. A rename that fails leaves its file staged under
    // its key, and the next start moves it into place.
    for (const item of ready) {
      for (const file of item.files) {
        if (file.key !== undefined) await deps.storage.commit(file, file.key);
      }
    }
    if (deps.storage.space.markWritable()) log.warn?.({}, 'photo storage has room again: uploads are accepted');
    staged.length = 0;
    // A deletion of the gallery or its collection that committed after these rows did removed their files before the
    // renames above put them in place: rows gone now leave no files behind. (One that commits later removes them itself.)
    const living = await deps.store.photos.existingPhotoIds(gallery.studioId, records.map((r) => r.id));
    const gone = records.filter((r) => !living.has(r.id));
    if (gone.length > 0) {
      await removePhotoFiles(deps, gallery.studioId, gone, log);
      if (gone.length === records.length) throw new AppError('not_found', 'Gallery not found');
      return records.filter((r) => !gone.includes(r));
    }
    // The watermark changed while these were being made: the render worker brings them up to date.
    if (((await deps.store.watermarks.findWatermark(gallery.collectionId))?.rev ?? 0) !== watermark.rev) deps.rendersQueued?.notify();
    return records;
  } finally {
    for (const file of staged) await file.discard().catch((e: unknown) => log.error({ err: e }, 'could not remove staged upload'));
  }
}

/**
 * Settles what a crash left in staging, before the server takes requests: a file meant for a photo whose row exists
 * and names its set (the original, or a derivative of the row's render id) is moved into place (the upload had
 * committed; a deletion had not); anything else is removed, a re-render's files the row never switched to included.
 * Returns the counts.
 */
export async function settleStagedPhotos(deps: Pick<PhotoDeps, 'store' | 'storage'>): Promise<{ completed: number; removed: number }> {
  let completed = 0;
  let removed = 0;
  const rows = new Map<string, PhotoRecord | null>();
  for (const file of await deps.storage.leftovers()) {
    const owner = file.key === undefined ? null : parsePhotoKey(file.key);
    let exists = false;
    if (owner) {
      const id = `${owner.studioId}/${owner.photoId}`;
      const row = rows.has(id) ? rows.get(id) ?? null : await deps.store.photos.findPhoto(owner.studioId, owner.photoId);
      rows.set(id, row);
      exists = row !== null && (owner.renderId === null || owner.renderId === row.renderId);
    }
    if (exists && file.key !== undefined && (await deps.storage.size(file.key)) === null) {
      await deps.storage.commit(file, file.key);
      completed++;
    } else {
      await file.discard();
      removed++;
    }
  }
  return { completed, removed };
}

/** The studio's photo; another studio's looks exactly like a missing one. */
export async function getPhoto(deps: Pick<AppDeps, 'store'>, studioId: string, id: string): Promise<PhotoRecord> {
  const photo = await deps.store.photos.findPhoto(studioId, requirePhotoId(id));
  if (!photo) throw new AppError('not_found', 'Photo not found');
  return photo;
}

/**
 * The files are first moved into staging (still meant for their keys), then the row goes, then the files: a crash
 * before the row is deleted puts them back at the next start, a crash after removes them, so none outlives its row.
 */
export async function deletePhoto(deps: PhotoDeps, studioId: string, id: string, log: ErrorLog): Promise<void> {
  const photo = await getPhoto(deps, studioId, id);
  const parked: StagedFile[] = [];
  for (const key of photoKeys(studioId, id, photo.renderId, { original: true })) {
    const file = await deps.storage.unstage(key);
    if (file) parked.push(file);
  }
  let deleted = false;
  try {
    deleted = await deps.store.transaction((tx) => tx.photos.deletePhoto(studioId, id));
  } finally {
    for (const file of parked) {
      const settle = deleted || file.key === undefined ? file.discard() : deps.storage.commit(file, file.key);
      await settle.catch((e: unknown) => log.error({ err: e, photoId: id }, 'could not settle a photo file'));
    }
  }
  if (!deleted) throw new AppError('not_found', 'Photo not found');
}
