// "Download all" for visitors: the whole collection, one gallery or the visitor's favorites as one ZIP, streamed as it is
// built by stored-zip.ts. Entries are stored, not deflated (JPEG/WebP/PNG are already compressed), and each entry's size is
// known from the photo record, so the archive's exact length is computed before the first byte and sent as
// Content-Length. Files are opened one at a time, lazily, with stream backpressure: memory stays constant whatever the
// archive's size, nothing is written to disk, and a client that goes away stops the reading.
import Type, { type Static } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { storedZip, storedZipLength, type StoredEntry } from './stored-zip.ts';
import { AppError } from '../../errors.ts';
import { generateId } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { GalleryRecord, PhotoRecord } from '../../store/types.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';
import { photoFileKey } from '../photos/files.ts';
import { contentDisposition } from '../photos/serve.ts';
import { assertDownloadAllowed, visibleGallery, type DownloadKind } from './service.ts';
import type { FavoriteListRecord } from '../../store/types.ts';
import { defaultList, visibleList } from './favorite-lists.ts';
import { assertDownloadUnlocked, checkOriginals, reserveOriginals } from './delivery.ts';
import { assertEmailConfirmed } from './email-confirmation.ts';

const SCAN = 1000;

export const ArchiveQuery = Type.Object({
  scope: Type.Enum(['collection', 'gallery', 'favorites'], { default: 'collection', description: 'What goes in: every visible photo, one gallery (gallery_id) or one of my favorite lists (list_id; the default list without it)' }),
  gallery_id: Type.Optional(Type.String({ description: 'Required with scope=gallery', examples: ['ga_4VxQm1qQeC1vJ8s3nYl2aB'] })),
  list_id: Type.Optional(Type.String({ maxLength: 200, description: 'With scope=favorites: which of my lists (the default list when absent)', examples: ['fl_7RtY2uI4oP6aS8dF0gH2jK'] })),
  size: Type.Enum(['web-size', 'original'], { default: 'web-size', description: 'Which copy of each photo; the collection\'s download setting decides what is allowed' }),
});
export type ArchiveQuery = Static<typeof ArchiveQuery>;

export const ArchiveSummaryResponse = Type.Object({
  data: Type.Object({
    scope: Type.String(),
    size: Type.String(),
    photos: Type.Integer({ description: 'Photos in the archive' }),
    bytes: Type.Integer({ description: 'Sum of the photo files' }),
    archive_bytes: Type.Integer({ description: 'Exact size of the ZIP that the archive route sends' }),
    filename: Type.String(),
    url: Type.String({ description: 'The archive route for this selection' }),
    counts_against_limit: Type.Integer({ description: 'Originals in it that would count against your original download limit (ones you have not downloaded before)' }),
  }),
}, { examples: [{ data: { scope: 'collection', size: 'web-size', photos: 124, bytes: 61_234_567, archive_bytes: 61_251_203, filename: 'Anna & Ben.zip', url: '/api/v1/gallery/archive?scope=collection&size=web-size', counts_against_limit: 0 } }] });

interface Entry { photo: PhotoRecord; name: string; key: string; bytes: number }
interface Selection { entries: Entry[]; list: FavoriteListRecord | null }

/** Path-safe archive names: no separators, no dot-dot, no control characters. */
function safeName(name: string, fallback: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '').trim();
  return cleaned === '' ? fallback : cleaned.slice(0, 150);
}

function entryName(photo: PhotoRecord, size: DownloadKind): string {
  const base = safeName(photo.filename, photo.id);
  return size === 'original' ? base : `${base.replace(/\.[^.]*$/, '')}-web.jpg`;
}

async function allGalleryPhotos(deps: Pick<AppDeps, 'store'>, galleryId: string): Promise<PhotoRecord[]> {
  const out: PhotoRecord[] = [];
  for (let offset = 0; ; offset += SCAN) {
    const { items, total } = await deps.store.photos.listGalleryPhotos(galleryId, { limit: SCAN, offset });
    out.push(...items);
    if (items.length === 0 || offset + SCAN >= total) return out;
  }
}

/** The selection in archive order, with unique entry names (folders per gallery for the whole collection). */
export async function archiveEntries(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, query: ArchiveQuery): Promise<Selection> {
  const size = query.size as DownloadKind;
  const picked: { photo: PhotoRecord; folder: string | null }[] = [];
  let list: FavoriteListRecord | null = null;
  if (query.scope === 'gallery') {
    if (query.gallery_id === undefined) throw new AppError('validation_failed', 'gallery_id is required with scope=gallery', { details: { field: 'gallery_id' } });
    const gallery = await visibleGallery(deps, visitor, query.gallery_id);
    for (const photo of await allGalleryPhotos(deps, gallery.id)) picked.push({ photo, folder: null });
  } else if (query.scope === 'favorites') {
    list = query.list_id === undefined ? await defaultList(deps, visitor) : await visibleList(deps, visitor, query.list_id);
    for (let offset = 0; ; offset += SCAN) {
      const { items, total } = await deps.store.favoriteLists.listListPhotos(list.id, { limit: SCAN, offset });
      for (const f of items) {
        const photo = await deps.store.photos.findVisiblePhoto(visitor.collection.id, f.photoId);
        if (photo) picked.push({ photo, folder: null });
      }
      if (items.length === 0 || offset + SCAN >= total) break;
    }
  } else {
    const galleries: GalleryRecord[] = [];
    for (let offset = 0; ; offset += SCAN) {
      const { items, total } = await deps.store.galleries.listGalleries(visitor.collection.id, { includePrivate: false }, { limit: SCAN, offset });
      galleries.push(...items);
      if (items.length === 0 || offset + SCAN >= total) break;
    }
    const folders = new Set<string>();
    for (const g of galleries) {
      let folder = safeName(g.name, g.id);
      if (folders.has(folder)) folder = `${folder} (${g.id})`;
      folders.add(folder);
      for (const photo of await allGalleryPhotos(deps, g.id)) picked.push({ photo, folder });
    }
  }
  const seen = new Set<string>();
  const entries = picked.map(({ photo, folder }) => {
    let name = entryName(photo, size);
    let path = folder === null ? name : `${folder}/${name}`;
    for (let n = 2; seen.has(path.toLowerCase()); n++) {
      name = entryName(photo, size).replace(/(\.[^.]*)?$/, (ext) => ` (${n})${ext}`);
      path = folder === null ? name : `${folder}/${name}`;
    }
    seen.add(path.toLowerCase());
    // Web size: the watermarked JPEG the photo has now; originals are never watermarked.
    const key = photoFileKey(photo, size === 'original' ? { variant: 'original' } : { variant: 'web', format: 'jpeg' });
    return { photo, name: path, key, bytes: size === 'original' ? photo.size : photo.webSize };
  });
  return { entries, list };
}

function archiveName(visitor: Visitor, query: ArchiveQuery, list: FavoriteListRecord | null): string {
  const base = safeName(visitor.collection.name, visitor.collection.id);
  if (query.scope !== 'favorites') return `${base}.zip`;
  return list === null || list.isDefault ? `${base} - favorites.zip` : `${base} - ${safeName(list.name, list.id)}.zip`;
}

/** The archive's entries, each opening its file only when the archive reaches it. */
function zipEntries(entries: readonly Entry[], open: (entry: Entry) => Readable): StoredEntry[] {
  return entries.map((entry) => ({ name: entry.name, mtime: new Date(entry.photo.takenAt ?? entry.photo.createdAt), size: entry.bytes, open: () => open(entry) }));
}

function prepare(visitor: Visitor, query: ArchiveQuery): DownloadKind {
  const size = query.size as DownloadKind;
  assertDownloadAllowed(visitor.collection, size);
  return size;
}

/**
 * The archive's photos after the collection's controls: the size it allows, a confirmed email (when the collection
 * asks for one), the download PIN; an empty selection is
 * 422. An archive of originals counts each original in it the visitor had not downloaded before (delivery.ts).
 */
async function selection(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, query: ArchiveQuery): Promise<Selection> {
  prepare(visitor, query);
  const picked = await archiveEntries(deps, visitor, query);
  if (picked.entries.length === 0) throw new AppError('empty_archive', undefined, { details: { scope: query.scope } });
  await assertEmailConfirmed(deps, visitor);
  await assertDownloadUnlocked(deps, visitor);
  return picked;
}

function archiveUrl(query: ArchiveQuery): string {
  const params = new URLSearchParams({ scope: query.scope });
  if (query.scope === 'gallery' && query.gallery_id !== undefined) params.set('gallery_id', query.gallery_id);
  if (query.scope === 'favorites' && query.list_id !== undefined) params.set('list_id', query.list_id);
  params.set('size', query.size);
  return `/api/v1/gallery/archive?${params.toString()}`;
}

export async function archiveSummary(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, query: ArchiveQuery): Promise<Static<typeof ArchiveSummaryResponse>> {
  const { entries, list } = await selection(deps, visitor, query);
  const counted = query.size === 'original' ? (await checkOriginals(deps, visitor, entries.map((e) => e.photo.id))).counted : 0;
  const length = storedZipLength(entries.map((e) => ({ name: e.name, size: e.bytes })));
  return {
    data: {
      scope: query.scope, size: query.size, photos: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0),
      archive_bytes: length, filename: archiveName(visitor, query, list), url: archiveUrl(query), counts_against_limit: counted,
    },
  };
}

/** Streams the archive; each photo is recorded as a download once the whole archive has gone out. */
export async function sendArchive(deps: Pick<AppDeps, 'store' | 'clock' | 'storage'>, visitor: Visitor, query: ArchiveQuery, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { entries, list } = await selection(deps, visitor, query);
  const size = query.size as DownloadKind;
  if (size === 'original') await reserveOriginals(deps, visitor, entries.map((e) => e.photo.id));
  let aborted = false;
  const zipped = zipEntries(entries, (entry) => deps.storage.read(entry.key));
  const length = storedZipLength(zipped);
  const out = storedZip(zipped);
  // A client that goes away: the archive stream is destroyed, which stops the file being copied; no other is opened.
  reply.raw.on('close', () => {
    if (reply.raw.writableFinished) return;
    aborted = true;
    out.destroy();
  });
  out.on('error', (err: Error) => {
    if (!aborted) request.log.error({ err }, 'archive entry failed');
  });
  reply.raw.on('finish', () => {
    if (aborted) return;
    void recordArchive(deps, visitor, entries, size).catch((err: unknown) => request.log.error({ err }, 'recording the archive download failed'));
  });
  reply.code(200).type('application/zip').header('cache-control', 'private, no-store')
    .header('content-disposition', contentDisposition('attachment', archiveName(visitor, query, list)));
  reply.header('content-length', String(length));
  reply.send(out);
}

async function recordArchive(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, entries: readonly Entry[], size: DownloadKind): Promise<void> {
  const now = deps.clock.now();
  for (const e of entries) {
    await deps.store.galleryActivity.recordDownload({
      id: generateId('dl'), studioId: visitor.collection.studioId, collectionId: visitor.collection.id, photoId: e.photo.id,
      email: visitor.session.email, size, bytes: e.bytes, createdAt: now,
    });
  }
  await deps.store.notifications.createNotification({
    studioId: visitor.collection.studioId, kind: 'archive_downloaded',
    message: `${visitor.session.email} downloaded ${entries.length} photos (${size}) from "${visitor.collection.name}" as one archive`,
    data: { collection_id: visitor.collection.id, email: visitor.session.email, photos: entries.length, size },
    now,
  });
}
