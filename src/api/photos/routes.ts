// Studio API: photo upload (multipart, in its own plugin context), metadata, listing, files and deletion.
import Type from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { PageQueryFields, pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { CursorQueryFields, cursorPage, listRequest } from '../../http/cursor.ts';
import { getGallery } from '../galleries/service.ts';
import type { PhotoRecord } from '../../store/types.ts';
import { BinaryBody, ImageFormatQuery, PhotoIdParams, PhotoListResponse, PhotoResponse, UploadResponse, toPublicPhoto, type PublicPhoto } from './schemas.ts';
import { deletePhoto, getPhoto, uploadPhotos, type IncomingFile } from './service.ts';
import { sendPhotoFile } from './serve.ts';
import { MAX_ORDERED_PHOTOS, photoCursor, photoKey, setPhotoOrder, sortPhotos } from './order.ts';
import type { PhotoVariant } from './files.ts';

const BASE = '/api/v1/photos';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'galleries:read' } } as const;
const WRITE = { policy: { access: 'authenticated', permission: 'photos:write' } } as const;
const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const UploadQuery = Type.Object({
  allow_duplicate: Type.Optional(Type.Boolean({ default: false, description: 'Store a file even when the collection already has the same bytes' })),
});
const PhotoOrderBody = Type.Object({
  photo_ids: Type.Array(Type.String({ maxLength: 64 }), { maxItems: MAX_ORDERED_PHOTOS, description: 'Every photo of the gallery, each once, in the new order' }),
}, { additionalProperties: false, examples: [{ photo_ids: ['ph_3hPQ1xVb7nT2mK9sLwE4aZ', 'ph_0aB1cD2eF3gH4iJ5kL6mN7'] }] });
const PhotoSortBody = Type.Object({
  by: Type.Union([Type.Literal('taken_at'), Type.Literal('filename')], { description: 'Capture time (photos without one last) or file name, in natural order' }),
  direction: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
}, { additionalProperties: false, examples: [{ by: 'taken_at', direction: 'asc' }, { by: 'filename' }] });
const PhotoOrderResponse = Type.Object({
  data: Type.Object({ photo_ids: Type.Array(Type.String(), { description: 'The gallery in its new order' }) }),
}, { examples: [{ data: { photo_ids: ['ph_3hPQ1xVb7nT2mK9sLwE4aZ', 'ph_0aB1cD2eF3gH4iJ5kL6mN7'] } }] });

/** Multipart parser failures as our errors: limits are 413, anything malformed is a 400, never a 500. */
function multipartError(err: unknown, maxFiles: number): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'FST_FILES_LIMIT') return new AppError('payload_too_large', `At most ${maxFiles} files per upload`);
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AppError('payload_too_large');
  return new AppError('bad_request', 'Malformed multipart body', { cause: err });
}

async function* filesOf(request: FastifyRequest, maxFiles: number): AsyncGenerator<IncomingFile> {
  const parts = request.parts();
  while (true) {
    let next: Awaited<ReturnType<typeof parts.next>>;
    try {
      next = await parts.next();
    } catch (err) {
      throw multipartError(err, maxFiles);
    }
    if (next.done) return;
    const part = next.value;
    if (part.type === 'file') yield { filename: part.filename, stream: part.file };
  }
}

function registerUpload(parent: FastifyInstance, deps: AppDeps): void {
  const limits = { maxBytes: deps.config.photos.maxUploadBytes, maxPixels: deps.config.photos.maxPixels };
  const maxFiles = deps.config.photos.maxFilesPerUpload;
  // One queue per server (main.ts makes it): every upload's decodes and the background renders share it (issue #22,
  // image work must not starve logins).
  const queue = deps.imageQueue;
  deps.metrics?.watchImageQueue(() => queue.load);
  // Encapsulated: only this route parses multipart bodies; every other route still refuses them (415).
  parent.register(async (child) => {
    await child.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: limits.maxBytes, files: maxFiles, fields: 20, fieldSize: 1024, parts: maxFiles + 20, headerPairs: 100 },
    });
    child.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/galleries/:id/photos', {
      config: { ...WRITE, accepts: ['multipart'] },
      schema: {
        tags: ['photos'],
        summary: 'Upload one or more images (multipart/form-data, any field name); all are stored or none',
        description: 'A file whose bytes are already in the collection (any gallery), or earlier in the same upload, is refused with 409 duplicate_photo '
          + '(details: filename, index, existing_photo_id, existing_filename, gallery_id) and nothing is stored, unless `allow_duplicate=true`.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: UploadQuery,
        response: { 201: UploadResponse, ...ERRORS },
      } as object,
    }, async (request, reply) => {
      const params = request.params as { id: string };
      // The gallery is checked before a byte of the body is read: a foreign id costs the caller nothing to learn.
      const gallery = await getGallery(deps, activeStudioOf(request), params.id);
      const allowDuplicates = (request.query as { allow_duplicate?: boolean }).allow_duplicate === true;
      const photos = await uploadPhotos(deps, gallery, filesOf(request, maxFiles), limits, request.log, { queue, allowDuplicates });
      return reply.code(201).send({ data: photos.map((p) => toPublicPhoto(p, BASE, { original: true })) });
    });
  });
}

export function registerPhotoRoutes(parent: FastifyInstance, deps: AppDeps): void {
  registerUpload(parent, deps);
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/v1/galleries/:id/photos', {
    config: READ,
    schema: {
      tags: ['photos'], summary: "A gallery's photos in the studio's order (upload order until it is changed)", description: 'Pages by number, or by cursor when `limit` or `cursor` is given (see the clients list).',
      params: IdParams, querystring: Type.Object({ ...PageQueryFields, ...CursorQueryFields }), response: { 200: PhotoListResponse, ...ERRORS },
    },
  }, async (request) => {
    const gallery = await getGallery(deps, activeStudioOf(request), request.params.id);
    const list = listRequest(request.url, request.query, 'ph');
    const encode = (p: PhotoRecord): PublicPhoto => toPublicPhoto(p, BASE, { original: true });
    if (list.mode === 'cursor') {
      const rows = await deps.store.photos.listGalleryPhotosAfter(gallery.id, photoCursor(list.after), list.limit + 1);
      return cursorPage(rows, list.limit, `/api/v1/galleries/${gallery.id}/photos`, {}, encode, photoKey);
    }
    const { page, perPage: per_page } = list;
    const { items, total } = await deps.store.photos.listGalleryPhotos(gallery.id, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(encode), meta, links: pageLinks(`/api/v1/galleries/${gallery.id}/photos`, meta) };
  });

  app.put('/api/v1/galleries/:id/photo-order', {
    config: WRITE,
    schema: {
      tags: ['photos'], summary: "Set the order of a gallery's photos (the order listings and the client gallery show)",
      description: 'photo_ids must be every photo of the gallery exactly once; otherwise 422 photo_order_mismatch and nothing changes. Uploads made later go to the end.',
      params: IdParams, body: PhotoOrderBody, response: { 200: PhotoOrderResponse, ...ERRORS },
    },
  }, async (request) => {
    const gallery = await getGallery(deps, activeStudioOf(request), request.params.id);
    await setPhotoOrder(deps, gallery.id, request.body.photo_ids);
    return { data: { photo_ids: request.body.photo_ids } };
  });

  app.post('/api/v1/galleries/:id/photo-order/sort', {
    config: WRITE,
    schema: {
      tags: ['photos'], summary: "Sort a gallery's photos by capture time or file name, and keep that as its order",
      params: IdParams, body: PhotoSortBody, response: { 200: PhotoOrderResponse, ...ERRORS },
    },
  }, async (request) => {
    const gallery = await getGallery(deps, activeStudioOf(request), request.params.id);
    return { data: { photo_ids: await sortPhotos(deps, gallery.id, request.body.by, request.body.direction ?? 'asc') } };
  });

  app.get(`${BASE}/:id`, {
    config: READ,
    schema: { tags: ['photos'], summary: "A photo's metadata: size, dimensions, capture time, file name", params: PhotoIdParams, response: { 200: PhotoResponse, ...ERRORS } },
  }, async (request) => ({ data: toPublicPhoto(await getPhoto(deps, activeStudioOf(request), request.params.id), BASE, { original: true }) }));

  const files: Array<[Exclude<PhotoVariant, 'original'>, string]> = [
    ['thumbnail', 'The thumbnail (JPEG, or WebP with ?format=webp; at most 400 px, never watermarked, no metadata)'],
    ['medium', 'The medium size (JPEG, or WebP with ?format=webp; at most 1024 px, with the collection\'s watermark, no metadata)'],
    ['web', 'The web-size image (JPEG, or WebP with ?format=webp; at most 2048 px, with the collection\'s watermark, no metadata)'],
  ];
  for (const [variant, summary] of files) {
    app.get(`${BASE}/:id/${variant}`, {
      config: READ,
      schema: {
        tags: ['photos'], summary, params: PhotoIdParams, querystring: ImageFormatQuery,
        response: { 200: BinaryBody, 304: Type.Null(), ...ERRORS },
      },
    }, async (request, reply) => {
      const studioId = activeStudioOf(request);
      const photo = await getPhoto(deps, studioId, request.params.id);
      await sendPhotoFile(deps.storage, request, reply, photo, variant, {
        ranges: false, attachment: false, format: request.query.format, reload: () => deps.store.photos.findPhoto(studioId, photo.id),
      });
      return reply;
    });
  }

  app.get(`${BASE}/:id/original`, {
    config: READ,
    schema: {
      tags: ['photos'], summary: 'The original file as uploaded, metadata kept, never watermarked; supports Range requests', params: PhotoIdParams,
      response: { 200: BinaryBody, 206: BinaryBody, 304: Type.Null(), ...ERRORS },
    },
  }, async (request, reply) => {
    const photo = await getPhoto(deps, activeStudioOf(request), request.params.id);
    await sendPhotoFile(deps.storage, request, reply, photo, 'original', { ranges: true, attachment: false });
    return reply;
  });

  app.delete(`${BASE}/:id`, {
    config: WRITE,
    schema: { tags: ['photos'], summary: 'Delete a photo and its files', params: PhotoIdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deletePhoto(deps, activeStudioOf(request), request.params.id, request.log);
    return reply.code(204).send(null);
  });
}
