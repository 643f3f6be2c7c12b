// Studio API: /api/v1/galleries/{id} read, update and delete (creation and listing live under the collection).
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { GalleryBody, GalleryPatchBody, GalleryResponse, toPublicGallery } from './schemas.ts';
import { deleteGallery, getGallery, replaceGallery, updateGallery, type GalleryInput } from './service.ts';

const BASE = '/api/v1/galleries';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'galleries:read' } } as const;
const WRITE = { policy: { access: 'authenticated', permission: 'galleries:write' } } as const;
const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

interface GalleryBodyFields {
  name?: string;
  description?: string;
  private?: boolean;
  position?: number;
}

function inputOf(body: GalleryBodyFields): GalleryInput {
  const input: GalleryInput = {};
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.private !== undefined) input.private = body.private;
  if (body.position !== undefined) input.position = body.position;
  return input;
}

export function registerGalleryRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/:id`, {
    config: READ,
    schema: { tags: ['galleries'], summary: 'One gallery of the active studio', params: IdParams, response: { 200: GalleryResponse, ...ERRORS } },
  }, async (request) => ({ data: toPublicGallery(await getGallery(deps, activeStudioOf(request), request.params.id)) }));

  app.patch(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['galleries'], summary: 'Change the given fields of a gallery (name, description, private, position); the others stay',
      params: IdParams, body: GalleryPatchBody, response: { 200: GalleryResponse, ...ERRORS },
    },
  }, async (request) => ({ data: toPublicGallery(await updateGallery(deps, activeStudioOf(request), request.params.id, inputOf(request.body))) }));

  app.put(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['galleries'], summary: 'Replace a gallery: a description or private flag left out returns to its default; the position stays unless given',
      params: IdParams, body: GalleryBody, response: { 200: GalleryResponse, ...ERRORS },
    },
  }, async (request) => ({ data: toPublicGallery(await replaceGallery(deps, activeStudioOf(request), request.params.id, { ...inputOf(request.body), name: request.body.name })) }));

  app.delete(`${BASE}/:id`, {
    config: WRITE,
    schema: { tags: ['galleries'], summary: 'Delete a gallery with its photos and their files', params: IdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteGallery(deps, activeStudioOf(request), request.params.id, request.log);
    return reply.code(204).send(null);
  });
}
