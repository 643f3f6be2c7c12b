// Studio API: a collection's watermark logo (issue #18): upload (multipart, in its own plugin context), view, remove.
// The other watermark settings are fields of the collection (PATCH /api/v1/collections/{id}, `watermark`).
import Type from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { BinaryBody } from '../photos/schemas.ts';
import type { UploadStream } from '../photos/ingest.ts';
import { CollectionResponse, IdParams, toPublicCollection } from './schemas.ts';
import { getCollection } from './service.ts';
import { deleteWatermarkLogo, markOf, putWatermarkLogo } from './watermark.ts';
import { WATERMARK_LIMITS } from './watermark-schemas.ts';

const BASE = '/api/v1/collections';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'galleries:read' } } as const;
const WRITE = { policy: { access: 'authenticated', permission: 'galleries:write' } } as const;

function multipartError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'FST_FILES_LIMIT') return new AppError('payload_too_large', 'Send one logo file');
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('payload_too_large', `The logo may be at most ${WATERMARK_LIMITS.logoBytes} bytes`, { details: { max_bytes: WATERMARK_LIMITS.logoBytes } });
  }
  return new AppError('bad_request', 'Malformed multipart body', { cause: err });
}

/** The request's one file part, read as it arrives; fields before it are skipped. */
async function firstFile(request: FastifyRequest): Promise<UploadStream> {
  const parts = request.parts();
  for (;;) {
    let next: Awaited<ReturnType<typeof parts.next>>;
    try {
      next = await parts.next();
    } catch (err) {
      throw multipartError(err);
    }
    if (next.done) throw new AppError('validation_failed', 'A logo file is required', { details: { file: 'one PNG, JPEG or WebP file is required' } });
    if (next.value.type === 'file') return next.value.file;
  }
}

export function registerWatermarkRoutes(parent: FastifyInstance, deps: AppDeps): void {
  parent.register(async (child) => {
    await child.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: WATERMARK_LIMITS.logoBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
    });
    child.withTypeProvider<TypeBoxTypeProvider>().put(`${BASE}/:id/watermark/logo`, {
      config: { ...WRITE, accepts: ['multipart'] },
      schema: {
        tags: ['collections'],
        summary: "Upload the collection's watermark logo (multipart/form-data, one PNG, JPEG or WebP file of at most 2 MB) and watermark with it; the web-size copies re-render in the background",
        description: 'The file is checked by its content and decoded by sharp; anything else is 422 invalid_watermark_logo. It is stored re-encoded as a PNG of at most 2048 px. Position, opacity and scale keep their values.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: CollectionResponse, ...ERRORS },
      } as object,
    }, async (request) => {
      const params = request.params as { id: string };
      // The collection is checked before a byte of the body is read.
      const collection = await getCollection(deps, activeStudioOf(request), params.id);
      await putWatermarkLogo(deps, collection, await firstFile(request), request.log);
      const updated = await getCollection(deps, collection.studioId, collection.id);
      return { data: toPublicCollection(updated, deps.clock.now(), await markOf(deps, collection.id)) };
    });
  });

  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get(`${BASE}/:id/watermark/logo`, {
    config: READ,
    schema: { tags: ['collections'], summary: "The collection's watermark logo as stored (PNG)", params: IdParams, produces: ['image/png'], response: { 200: BinaryBody, ...ERRORS } },
  }, async (request, reply) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    const logo = (await deps.store.watermarks.findWatermark(collection.id))?.logo ?? null;
    if (logo === null) throw new AppError('not_found', 'This collection has no watermark logo');
    const size = await deps.storage.size(logo.key);
    if (size === null) {
      request.log.error({ collectionId: collection.id, key: logo.key }, 'watermark logo missing from storage');
      throw new AppError('not_found', 'Watermark logo file not found');
    }
    return reply.code(200).type('image/png').header('cache-control', 'private, no-cache').header('content-length', String(size))
      .send(deps.storage.read(logo.key));
  });

  app.delete(`${BASE}/:id/watermark/logo`, {
    config: WRITE,
    schema: {
      tags: ['collections'], summary: 'Remove the watermark logo; a collection watermarked with it is no longer watermarked (its copies re-render without)',
      params: IdParams, response: { 200: CollectionResponse, ...ERRORS },
    },
  }, async (request) => {
    const collection = await getCollection(deps, activeStudioOf(request), request.params.id);
    await deleteWatermarkLogo(deps, collection, request.log);
    return { data: toPublicCollection(collection, deps.clock.now(), await markOf(deps, collection.id)) };
  });
}
