// Transfers: photo upload (multipart), a photo as a Blob or streamed to a file, a whole collection to a folder. The
// path-based ones go through FileAccess, so the same code runs in Node and (without paths) in a browser.
import type { CallOptions, Transport } from './transport.ts';
import { LightboxError } from './errors.ts';
import type { FileAccess } from './files.ts';
import { items, paginate } from './pagination.ts';
import { multipartBody, replayable, type UploadSource } from './multipart.ts';
import type { Gallery, Photo } from './types.ts';

export type PhotoVariant = 'original' | 'web' | 'medium' | 'thumbnail';

export interface TransferOptions extends CallOptions {
  /** Called with the bytes moved so far in this call. */
  onProgress?: (bytes: number) => void;
}

export interface UploadOptions extends TransferOptions {
  /** Store files even when the collection already has the same bytes (otherwise 409 duplicate_photo). */
  allowDuplicate?: boolean;
}

export async function uploadPhotos(t: Transport, files: FileAccess, galleryId: string, sources: UploadSource[], options: UploadOptions = {}): Promise<Photo[]> {
  let sent = 0;
  const body = (): { body: NonNullable<RequestInit['body']>; contentType: string } => {
    sent = 0; // a retry starts the body again
    const multipart = multipartBody(sources, files, (n) => {
      sent += n;
      options.onProgress?.(sent);
    });
    return { body: multipart.body as unknown as NonNullable<RequestInit['body']>, contentType: multipart.contentType };
  };
  const res = await t.json<{ data: Photo[] }>({
    method: 'POST', path: `/api/v1/galleries/${encodeURIComponent(galleryId)}/photos`, body, replayable: replayable(sources),
    ...(options.allowDuplicate === true ? { query: { allow_duplicate: 'true' } } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return res.data;
}

async function photoResponse(t: Transport, photoId: string, variant: PhotoVariant | undefined, signal: AbortSignal | undefined): Promise<Response> {
  const res = await t.send({ method: 'GET', path: `/api/v1/photos/${encodeURIComponent(photoId)}/${variant ?? 'original'}`, headers: { accept: '*/*' }, ...(signal ? { signal } : {}) });
  if (res.body === null) throw new LightboxError(res.status, 'empty_body', 'The server sent no file');
  return res;
}

/** One photo file as a Blob (in a browser: for an object URL or a download link). */
export async function photoBlob(t: Transport, photoId: string, options: CallOptions & { variant?: PhotoVariant } = {}): Promise<Blob> {
  return (await photoResponse(t, photoId, options.variant, options.signal)).blob();
}

/**
 * Streams the body of the response `open` gets to `dest` through a `.part` file, renamed when complete; returns the
 * bytes written. The request is made only once the file is open, so without file access (a browser) nothing is
 * asked of the server (a visitor's download would be recorded).
 */
export async function writeBody(files: FileAccess, open: () => Promise<Response>, dest: string, options: TransferOptions = {}): Promise<number> {
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    const res = await open();
    if (res.body === null) throw new LightboxError(res.status, 'empty_body', 'The server sent no file');
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      options.onProgress?.(bytes);
      yield chunk;
    }
  }
  return files.write(dest, counted(), options.signal);
}

/** Streams one photo file to `dest` through a `.part` file, renamed when complete; returns the bytes written. */
export async function downloadPhoto(t: Transport, files: FileAccess, photoId: string, dest: string, options: TransferOptions & { variant?: PhotoVariant } = {}): Promise<number> {
  return writeBody(files, () => photoResponse(t, photoId, options.variant, options.signal), dest, options);
}

export interface CollectionDownloadEvent {
  photo: Photo;
  path: string;
  status: 'downloaded' | 'skipped' | 'failed';
  bytes: number;
  error?: Error;
}

export interface CollectionDownloadResult {
  downloaded: number;
  skipped: number;
  failed: CollectionDownloadEvent[];
  bytes: number;
}

/** A name safe as one path segment on every OS. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').trim();
  return cleaned === '' ? '_' : cleaned.slice(0, 200);
}

/**
 * Every photo of a collection into `dir/<gallery>/<filename>`. A file already there with the photo's size is skipped,
 * so an interrupted download resumes; one failed photo does not stop the others.
 */
export async function downloadCollection(t: Transport, files: FileAccess, collectionId: string, dir: string, options: CallOptions & { variant?: PhotoVariant; onFile?: (event: CollectionDownloadEvent) => void } = {}): Promise<CollectionDownloadResult> {
  const result: CollectionDownloadResult = { downloaded: 0, skipped: 0, failed: [], bytes: 0 };
  const call = options.signal ? { signal: options.signal } : {};
  const galleries = items(paginate<Gallery>(t, `/api/v1/collections/${encodeURIComponent(collectionId)}/galleries`, { per_page: 100 }, call));
  for await (const gallery of galleries) {
    const folder = files.join(dir, safeName(gallery.name));
    await files.makeDir(folder);
    const used = new Set<string>();
    for await (const photo of items(paginate<Photo>(t, `/api/v1/galleries/${encodeURIComponent(gallery.id)}/photos`, { per_page: 100 }, call))) {
      let name = safeName(photo.filename);
      if (used.has(name)) name = `${photo.id}-${name}`;
      used.add(name);
      const path = files.join(folder, name);
      const existing = await files.sizeOf(path);
      let event: CollectionDownloadEvent;
      if (existing === photo.size && (options.variant ?? 'original') === 'original') {
        event = { photo, path, status: 'skipped', bytes: 0 };
        result.skipped++;
      } else {
        try {
          const bytes = await downloadPhoto(t, files, photo.id, path, { ...call, ...(options.variant ? { variant: options.variant } : {}) });
          event = { photo, path, status: 'downloaded', bytes };
          result.downloaded++;
          result.bytes += bytes;
        } catch (err) {
          if (options.signal?.aborted) throw err;
          event = { photo, path, status: 'failed', bytes: 0, error: err as Error };
          result.failed.push(event);
        }
      }
      options.onFile?.(event);
    }
  }
  return result;
}
