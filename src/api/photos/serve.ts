// Streams a stored photo file with its Content-Type, a strong ETag (304 on If-None-Match) and byte ranges (206/416).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { sendError } from '../../http/plugins/error-handler.ts';
import type { PhotoStorage } from '../../storage/types.ts';
import type { PhotoRecord } from '../../store/types.ts';
import { photoKey, type PhotoVariant } from './files.ts';
import { parseRange } from './range.ts';

export interface ServeOptions {
  /** Honour Range requests (originals). */
  ranges: boolean;
  /** Ask the browser to save the file under its name instead of showing it. */
  attachment: boolean;
}

export interface ServeOutcome {
  status: number;
  /** Bytes this response carries (0 for 304/416). */
  bytes: number;
  /** True for a GET that starts at the first byte (a whole file or the first piece of one): what counts as a download. */
  fromStart: boolean;
}

/** Derivatives are regenerated only with a new photo id, so the original's hash plus the variant is a strong validator. */
export function etagOf(photo: PhotoRecord, variant: PhotoVariant): string {
  return variant === 'original' ? `"${photo.sha256}"` : `"${photo.sha256}.${variant}"`;
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

export async function sendPhotoFile(storage: PhotoStorage, request: FastifyRequest, reply: FastifyReply, photo: PhotoRecord, variant: PhotoVariant, options: ServeOptions): Promise<ServeOutcome> {
  const key = photoKey(photo.studioId, photo.id, variant);
  const size = await storage.size(key);
  if (size === null) {
    request.log.error({ photoId: photo.id, variant }, 'photo file missing from storage');
    throw new AppError('not_found', 'Photo file not found');
  }
  const etag = etagOf(photo, variant);
  const contentType = variant === 'original' ? photo.contentType : 'image/jpeg';
  reply.header('etag', etag).header('cache-control', 'private, no-cache').header('accept-ranges', options.ranges ? 'bytes' : 'none');
  if (options.attachment) {
    const name = variant === 'original' ? photo.filename : `${photo.filename.replace(/\.[^.]*$/, '')}-${variant}.jpg`;
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
