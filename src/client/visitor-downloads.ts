// A visitor's downloads: a photo or a whole ZIP as a Blob or streamed to a file (Node), the download PIN, and the
// checks that say beforehand whether a download would pass. With the client's `pin` option a download answered
// 403 download_pin_required sends the PIN once and is made again; without it that error is the caller's to handle.
import type { CallOptions, QueryValue, Transport } from './transport.ts';
import { LightboxError } from './errors.ts';
import type { FileAccess } from './files.ts';
import { writeBody, type TransferOptions } from './transfers.ts';
import { singleFlight } from './auth-session.ts';
import type { ArchiveQuery, ArchiveSummary, Delivery, DownloadCheck, DownloadSize } from './types.ts';

const BASE = '/api/v1/gallery';
const seg = (id: string): string => encodeURIComponent(id);

/** How the gallery shows a photo: thumbnail and web are views; original is recorded as a download. */
export type ImageVariant = 'thumbnail' | 'medium' | 'web' | 'original';

export interface SizeOptions {
  /** `web-size` (the default) or `original`, as the collection's download setting allows (403 download_not_allowed). */
  size?: DownloadSize;
}

export interface VisitorDownloadsAPI {
  /** Unlocks downloads for this visitor session; 403 `download_pin_invalid` when wrong, 429 when throttled. */
  enterPin(pin: string, options?: CallOptions): Promise<Delivery>;
  /** Would this download pass (size allowed, PIN, original limit)? Sends and counts nothing. */
  checkDownload(photoId: string, options?: CallOptions & SizeOptions): Promise<DownloadCheck>;
  /** The image as the gallery shows it (thumbnail and web are not downloads; the original is recorded as one). */
  image(photoId: string, options?: CallOptions & { variant?: ImageVariant }): Promise<Blob>;
  /** A recorded download of one photo as a Blob (a browser's way; Node can also use downloadPhoto). */
  photoBlob(photoId: string, options?: CallOptions & SizeOptions): Promise<Blob>;
  /** A recorded download streamed to `dest` (Node only); returns the bytes written. */
  downloadPhoto(photoId: string, dest: string, options?: TransferOptions & SizeOptions): Promise<number>;
  /** Photo count, bytes and the exact ZIP size of an archive; 422 `empty_archive` for an empty selection. */
  archiveSummary(query?: ArchiveQuery, options?: CallOptions): Promise<ArchiveSummary>;
  /** The whole collection, one gallery or one favorite list as one ZIP, as a Blob (held in memory: for small ones). */
  archive(query?: ArchiveQuery, options?: CallOptions): Promise<Blob>;
  /** The same ZIP streamed to the file `dest` (Node only; memory stays flat whatever its size); returns the bytes written. */
  downloadArchive(query: ArchiveQuery, dest: string, options?: TransferOptions): Promise<number>;
}

function archiveParams(query: ArchiveQuery): Record<string, QueryValue> {
  return { scope: query.scope, gallery_id: query.gallery_id, list_id: query.list_id, size: query.size };
}

export function visitorDownloadsAPI(t: Transport, files: FileAccess, pin: string | undefined): VisitorDownloadsAPI {
  const enterPin = async (value: string, options: CallOptions = {}): Promise<Delivery> =>
    (await t.json<{ data: Delivery }>({ method: 'POST', path: `${BASE}/download-pin`, json: { pin: value }, ...options })).data;

  // Concurrent downloads that all meet the PIN prompt send the PIN once.
  const sendPin = singleFlight((signal) => enterPin(pin ?? '', signal ? { signal } : {}));
  /** One more try after entering the configured PIN; a wrong one fails with enterPin's download_pin_invalid. */
  const unlocked = async <T>(run: () => Promise<T>, options: CallOptions): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (pin === undefined || !(err instanceof LightboxError) || err.code !== 'download_pin_required') throw err;
      await sendPin(options.signal);
      return run();
    }
  };
  const file = (path: string, query: Record<string, QueryValue>, signal: AbortSignal | undefined): Promise<Response> =>
    t.send({ method: 'GET', path, query, headers: { accept: '*/*' }, ...(signal ? { signal } : {}) });
  const download = (photoId: string, size: DownloadSize | undefined, signal: AbortSignal | undefined): Promise<Response> =>
    file(`${BASE}/photos/${seg(photoId)}/download`, { size: size ?? 'web-size' }, signal);
  const zip = (query: ArchiveQuery, signal: AbortSignal | undefined): Promise<Response> => file(`${BASE}/archive`, archiveParams(query), signal);

  return {
    enterPin,
    checkDownload: (photoId, options = {}) => unlocked(async () => (await t.json<{ data: DownloadCheck }>({
      method: 'GET', path: `${BASE}/photos/${seg(photoId)}/download/check`, query: { size: options.size ?? 'web-size' }, ...signalOf(options),
    })).data, options),
    image: (photoId, options = {}) => unlocked(async () => (await file(`${BASE}/photos/${seg(photoId)}/${options.variant ?? 'web'}`, {}, options.signal)).blob(), options),
    photoBlob: (photoId, options = {}) => unlocked(async () => (await download(photoId, options.size, options.signal)).blob(), options),
    downloadPhoto: (photoId, dest, options = {}) => unlocked(() => writeBody(files, () => download(photoId, options.size, options.signal), dest, options), options),
    archiveSummary: (query = {}, options = {}) => unlocked(async () => (await t.json<{ data: ArchiveSummary }>({
      method: 'GET', path: `${BASE}/archive/summary`, query: archiveParams(query), ...signalOf(options),
    })).data, options),
    archive: (query = {}, options = {}) => unlocked(async () => (await zip(query, options.signal)).blob(), options),
    downloadArchive: (query, dest, options = {}) => unlocked(() => writeBody(files, () => zip(query, options.signal), dest, options), options),
  };
}

function signalOf(options: CallOptions): CallOptions {
  return options.signal ? { signal: options.signal } : {};
}
