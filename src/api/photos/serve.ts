// Streams a stored photo file with its Content-Type, a strong ETag (304 on If-None-Match) and byte ranges (206/416).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { sendError } from '../../http/plugins/error-handler.ts';
import type { PhotoStorage } from '../../storage/types.ts';
import type { PhotoRecord } from '../../store/types.ts';
import { FORMAT_CONTENT_TYPES, photoFileKey, type ImageFormat, type PhotoFile, type PhotoVariant } from './files.ts';
import { parseRange } from './range.ts';

export interface ServeOptions {
  /** Honour Range requests (originals). */
  ranges: boolean;
  /** Ask the browser to save the file under its name instead of showing it. */
  attachment: boolean;
  /** The encoding asked for (derivatives only; JPEG when absent). */
  format?: ImageFormat;
  /**
   * Reads the photo's row again: a re-render may have switched it to a new set, and removed the old files, between
   * the caller's read and this one; the file is then looked up once more under the new set.
   */
  reload?: () => Promise<PhotoRecord | null>;
}

export interface ServeOutcome {
  status: number;
  /** Bytes this response carries (0 for 304/416). */
  bytes: number;
  /** True for a GET that starts at the first byte (a whole file or the first piece of one): what counts as a download. */
  fromStart: boolean;
}

/** Whether the photo has this derivative: photos made before migration 0020 have only the thumbnail and web JPEG, until the backfill. */
function has(photo: PhotoRecord, variant: Exclude<PhotoVariant, 'original'>, format: ImageFormat): boolean {
  if (format === 'jpeg') return variant !== 'medium' || photo.mediumSize !== null;
  const sizes = { thumbnail: photo.thumbnailWebpSize, medium: photo.mediumWebpSize, web: photo.webWebpSize };
  return sizes[variant] !== null;
}

/**
 * The file that answers a request for `variant` in `format`: that one when the photo has it, else the nearest it has
 * (a photo not yet backfilled serves its web copy for the medium size, and JPEG for WebP), so every URL works.
 */
export function servedFile(photo: PhotoRecord, variant: PhotoVariant, format: ImageFormat = 'jpeg'): PhotoFile {
  if (variant === 'original') return { variant };
  const size = variant === 'medium' && !has(photo, 'medium', 'jpeg') ? 'web' : variant;
  return { variant: size, format: has(photo, size, format) ? format : 'jpeg' };
}

/**
 * A stored file's bytes never change (a re-render writes new keys), so the original's hash, the render id, the size
 * and the format make a strong validator. The first set's JPEGs keep the validator they had before sets had ids.
 */
export function etagOf(photo: PhotoRecord, file: PhotoFile): string {
  if (file.variant === 'original') return `"${photo.sha256}"`;
  if (photo.renderId === '' && file.format === 'jpeg') return `"${photo.sha256}.${file.variant}"`;
  return `"${photo.sha256}.${file.variant}.${file.format}.${photo.renderId || '0'}"`;
}

function matchesAny(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function sendPhotoFile(storage: PhotoStorage, request: FastifyRequest, reply: FastifyReply, found: PhotoRecord, variant: PhotoVariant, options: ServeOptions): Promise<ServeOutcome> {
  let photo = found;
  let file = servedFile(photo, variant, options.format);
  let key = photoFileKey(photo, file);
  let size = await storage.size(key);
  if (size === null && options.reload !== undefined) {
    const again = await options.reload();
    if (again !== null && again.renderId !== photo.renderId) {
      photo = again;
      file = servedFile(photo, variant, options.format);
      key = photoFileKey(photo, file);
      size = await storage.size(key);
    }
  }
  if (size === null) {
    request.log.error({ photoId: photo.id, variant, key }, 'photo file missing from storage');
    throw new AppError('not_found', 'Photo file not found');
  }
  const etag = etagOf(photo, file);
  const contentType = file.variant === 'original' ? photo.contentType : FORMAT_CONTENT_TYPES[file.format];
  reply.header('etag', etag).header('cache-control', 'private, no-cache').header('accept-ranges', options.ranges ? 'bytes' : 'none');
  if (options.attachment) {
    const name = file.variant === 'original' ? photo.filename : `${photo.filename.replace(/\.[^.]*$/, '')}-${file.variant}.${file.format === 'webp' ? 'webp' : 'jpg'}`;
    reply.header('content-disposition', contentDisposition('attachment', name));
  }

  if (matchesAny(request.headers['if-none-match'], etag)) {
    reply.code(304).send();
    return { status: 304, bytes: 0, fromStart: false };
  }

  const ifRange = request.headers['if-range'];
  const range = options.ranges && (ifRange === undefined || ifRange === etag) ? parseRange(request.headers.range, size) : { kind: 'none' as const };
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    sendError(reply, new AppError('range_not_satisfiable'));
    return { status: 416, bytes: 0, fromStart: false };
  }
  if (range.kind === 'range') {
    const length = range.end - range.start + 1;
    reply.code(206).type(contentType).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', String(length));
    reply.send(storage.read(key, { start: range.start, end: range.end }));
    return { status: 206, bytes: length, fromStart: range.start === 0 && request.method !== 'HEAD' };
  }
  reply.code(200).type(contentType).header('content-length', String(size));
  reply.send(storage.read(key));
  return { status: 200, bytes: size, fromStart: request.method !== 'HEAD' };
}
