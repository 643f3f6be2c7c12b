// Studio API: /api/v1/galleries/{id} read, update and delete (creation and listing live under the collection).
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { GalleryBody, GalleryPatchBody, GalleryResponse, toPublicGallery } from './schemas.ts';
import { deleteGallery, getGallery, updateGallery, type GalleryInput } from './service.ts';

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

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method, url: `${BASE}/:id`,
      config: WRITE,
      schema: {
        tags: ['galleries'], summary: 'Change the given fields of a gallery (name, description, private, position)',
        params: IdParams, body: method === 'PUT' ? GalleryBody : GalleryPatchBody, response: { 200: GalleryResponse, ...ERRORS },
      },
      handler: async (request) => {
        const params = request.params as { id: string };
        return { data: toPublicGallery(await updateGallery(deps, activeStudioOf(request), params.id, inputOf(request.body as GalleryBodyFields))) };
      },
    });
  }

  app.delete(`${BASE}/:id`, {
    config: WRITE,
    schema: { tags: ['galleries'], summary: 'Delete a gallery with its photos and their files', params: IdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteGallery(deps, activeStudioOf(request), request.params.id, request.log);
    return reply.code(204).send(null);
  });
}
