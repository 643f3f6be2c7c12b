// Studio API: /api/v1/clients, the studio's CRM contacts. Thin: parse, call the service, encode.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { pageLinks, pageMeta, pageWindow } from '../../http/pagination.ts';
import { cursorPage, listRequest } from '../../http/cursor.ts';
import type { ClientType } from '../../store/types.ts';
import {
  ClientBody, ClientIdParams, ClientListQuery, ClientListResponse, ClientPatchBody, ClientResponse, toPublicClient,
} from './schemas.ts';
import {
  clientFilter, createClient, deleteClient, getClient, listClients, listClientsAfter, replaceClient, updateClient, type ClientInput,
} from './service.ts';

const BASE = '/api/v1/clients';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const READ = { policy: { access: 'authenticated', permission: 'clients:read' } } as const;
const WRITE = { policy: { access: 'authenticated', permission: 'clients:write' } } as const;

interface ClientBodyFields {
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string | null;
  type?: ClientType;
  status_name?: string | null;
  notes?: string | null;
}

/** Picks the editable fields by name: nothing else in the body (studio_id, id, timestamps) can reach the store. */
function inputOf(body: ClientBodyFields): ClientInput {
  const input: ClientInput = {};
  if (body.email !== undefined) input.email = body.email;
  if (body.first_name !== undefined) input.firstName = body.first_name;
  if (body.last_name !== undefined) input.lastName = body.last_name;
  if (body.phone !== undefined) input.phone = body.phone;
  if (body.type !== undefined) input.type = body.type;
  if (body.status_name !== undefined) input.statusName = body.status_name;
  if (body.notes !== undefined) input.notes = body.notes;
  return input;
}

export function registerClientRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(`${BASE}/`, {
    config: READ,
    schema: {
      tags: ['clients'],
      summary: "The active studio's clients, newest first; filter by `types` (comma-separated) and search with `q`",
      description: 'Pages by number (`page`, `per_page`, with a total) or by cursor: send `limit` (and then `cursor` = the previous `meta.next_cursor`); every cursor page costs what the first does.',
      querystring: ClientListQuery,
      response: { 200: ClientListResponse, ...ERRORS },
    },
  }, async (request) => {
    const studioId = activeStudioOf(request);
    const { types, q } = request.query;
    const filter = clientFilter({ types, q });
    const filters = { types: filter.types?.join(','), q: filter.search ?? undefined };
    const list = listRequest(request.url, request.query, 'cl');
    if (list.mode === 'cursor') {
      const rows = await listClientsAfter(deps, studioId, filter, list.after, list.limit + 1);
      return cursorPage(rows, list.limit, `${BASE}/`, filters, toPublicClient);
    }
    const { page, perPage: per_page } = list;
    const { items, total } = await listClients(deps, studioId, filter, pageWindow(page, per_page));
    const meta = pageMeta(page, per_page, total);
    return { data: items.map(toPublicClient), meta, links: pageLinks(`${BASE}/`, meta, filters) };
  });

  app.post(`${BASE}/`, {
    config: WRITE,
    schema: {
      tags: ['clients'],
      summary: 'Add a client or lead to the active studio',
      body: ClientBody,
      response: { 201: ClientResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    const client = await createClient(deps, activeStudioOf(request), inputOf(request.body));
    return reply.code(201).header('location', `${BASE}/${client.id}`).send({ data: toPublicClient(client) });
  });

  app.get(`${BASE}/:id`, {
    config: READ,
    schema: { tags: ['clients'], summary: 'One client of the active studio', params: ClientIdParams, response: { 200: ClientResponse, ...ERRORS } },
  }, async (request) => {
    return { data: toPublicClient(await getClient(deps, activeStudioOf(request), request.params.id)) };
  });

  app.put(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['clients'],
      summary: 'Replace a client: omitted optional fields return to their defaults',
      params: ClientIdParams,
      body: ClientBody,
      response: { 200: ClientResponse, ...ERRORS },
    },
  }, async (request) => {
    return { data: toPublicClient(await replaceClient(deps, activeStudioOf(request), request.params.id, inputOf(request.body))) };
  });

  app.patch(`${BASE}/:id`, {
    config: WRITE,
    schema: {
      tags: ['clients'],
      summary: 'Change some fields of a client; null clears phone, status_name or notes',
      params: ClientIdParams,
      body: ClientPatchBody,
      response: { 200: ClientResponse, ...ERRORS },
    },
  }, async (request) => {
    return { data: toPublicClient(await updateClient(deps, activeStudioOf(request), request.params.id, inputOf(request.body))) };
  });

  app.delete(`${BASE}/:id`, {
    config: WRITE,
    schema: { tags: ['clients'], summary: 'Delete a client', params: ClientIdParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteClient(deps, activeStudioOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
