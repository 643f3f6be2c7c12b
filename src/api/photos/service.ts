// Photos: all-or-nothing uploads (staged files → storage → rows), lookups scoped to the studio, deletion with files.
import { basename } from 'node:path';
import { AppError } from '../../errors.ts';
import { generateId, isIdOf } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { StagedFile } from '../../storage/types.ts';
import type { GalleryRecord, PhotoRecord } from '../../store/types.ts';
import { ingestImage, receiveFile, type IngestLimits, type UploadStream } from './ingest.ts';
import { photoKey, removePhotoFiles, type ErrorLog } from './files.ts';

export type PhotoDeps = Pick<AppDeps, 'store' | 'clock' | 'storage'>;

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

/**
 * Receives every file before anything becomes visible: each is streamed to a staged temp file, checked and its
 * derivatives made; only when all succeeded are the files moved into storage and the rows written in one insert.
 * Any failure (a bad file, a size limit, a client that disconnects) removes every staged and committed file.
 */
export async function uploadPhotos(deps: PhotoDeps, gallery: GalleryRecord, files: AsyncIterable<IncomingFile>, limits: IngestLimits, log: ErrorLog): Promise<PhotoRecord[]> {
  const staged: StagedFile[] = [];
  const committed: string[] = [];
  const track = (file: StagedFile): void => { staged.push(file); };
  try {
    const ready: Array<{ record: PhotoRecord; files: Array<[StagedFile, string]> }> = [];
    let index = 0;
    for await (const incoming of files) {
      const filename = cleanFilename(incoming.filename);
      try {
        const received = await receiveFile(deps.storage, incoming.stream, limits, track);
        const image = await ingestImage(deps.storage, received, limits, track);
        const id = generateId('ph');
        ready.push({
          record: {
            id, studioId: gallery.studioId, collectionId: gallery.collectionId, galleryId: gallery.id, filename, contentType: image.contentType,
            size: received.size, width: image.width, height: image.height, takenAt: image.takenAt, sha256: received.sha256,
            thumbnailSize: image.thumbnail.size, webSize: image.web.size, createdAt: deps.clock.now(),
          },
          files: [
            [received.original, photoKey(gallery.studioId, id, 'original')],
            [image.thumbnail.file, photoKey(gallery.studioId, id, 'thumbnail')],
            [image.web.file, photoKey(gallery.studioId, id, 'web')],
          ],
        });
      } catch (err) {
        throw aboutFile(err, filename, index);
      }
      index++;
    }
    if (ready.length === 0) throw new AppError('validation_failed', 'No image file in the upload', { details: { file: 'at least one image file is required' } });
    for (const item of ready) {
      for (const [file, key] of item.files) {
        await deps.storage.commit(file, key);
        committed.push(key);
      }
    }
    const records = ready.map((r) => r.record);
    try {
      await deps.store.photos.insertPhotos(records);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new AppError('not_found', 'Gallery not found');
      throw err;
    }
    return records;
  } catch (err) {
    for (const key of committed) await deps.storage.remove(key).catch((e: unknown) => log.error({ err: e, key }, 'could not remove photo file'));
    throw err;
  } finally {
    for (const file of staged) await file.discard().catch((e: unknown) => log.error({ err: e }, 'could not remove staged upload'));
  }
}

/** The studio's photo; another studio's looks exactly like a missing one. */
export async function getPhoto(deps: Pick<AppDeps, 'store'>, studioId: string, id: string): Promise<PhotoRecord> {
  const photo = await deps.store.photos.findPhoto(studioId, requirePhotoId(id));
  if (!photo) throw new AppError('not_found', 'Photo not found');
  return photo;
}

export async function deletePhoto(deps: PhotoDeps, studioId: string, id: string, log: ErrorLog): Promise<void> {
  requirePhotoId(id);
  if (!(await deps.store.transaction((tx) => tx.photos.deletePhoto(studioId, id)))) throw new AppError('not_found', 'Photo not found');
  await removePhotoFiles(deps.storage, studioId, [id], log);
}
