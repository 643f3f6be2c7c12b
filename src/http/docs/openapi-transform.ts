// How routes become OpenAPI operations: paths, security from the policy, media types from `accepts`, and document fixes.
import { STATUS_CODES } from 'node:http';
import type { FastifySchema } from 'fastify';
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { Config } from '../../config.ts';
import type { BodyKind, RoutePolicy } from '../types.ts';
import { securityFor } from './openapi-security.ts';

/** Tag descriptions for the document's top-level list; a tag used by an operation but missing here is listed bare. */
const TAGS: Record<string, string> = {
  auth: 'Log in and out (cookie, token mode, JWT), the current principal, studio switching, CSRF tokens',
  account: "The signed-in user's account",
  credentials: 'Personal access tokens and application keys',
  notifications: "The active studio's notifications",
  studio: 'Studio settings and bootstrap data',
  clients: "The studio's clients and leads",
  collections: 'Collections of galleries shared with clients',
  galleries: 'Galleries inside a collection',
  photos: 'Photo upload, metadata and image files',
  gallery: 'The gallery-visitor API (visitor session cookie, not studio credentials)',
  health: 'Liveness and readiness probes',
  docs: 'This documentation: /api/help, the OpenAPI document, Swagger UI and Redoc',
  pages: 'Server-rendered HTML pages and their assets (for browsers, not API clients)',
};

const MEDIA: Record<BodyKind, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data' };

/** Any number of files under any field names: the upload routes read the multipart stream themselves. */
const MULTIPART_FILES = {
  type: 'object',
  description: 'One or more files, under any field names',
  additionalProperties: { type: 'string', contentMediaType: 'application/octet-stream' },
};

type RouteSchema = FastifySchema & { tags?: string[]; summary?: string; operationId?: string; hide?: boolean; consumes?: string[] };

/**
 * The route URL as documented: routes answer with and without a trailing slash (ignoreTrailingSlash), so the slash is
 * dropped; a trailing `*` wildcard becomes the named parameter `:wildcard`.
 */
function canonicalUrl(url: string): string {
  const trimmed = url.length > 1 ? url.replace(/\/+$/, '') : url;
  return trimmed.replace(/\*$/, ':wildcard');
}

/** The key of a route in the document's `paths`: /api/v1/clients/:id → /api/v1/clients/{id}. */
export function documentedPath(url: string): string {
  return canonicalUrl(url).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** getApiV1ClientsById for GET /api/v1/clients/:id: stable, URL-safe and unique per method and path. */
export function operationIdFor(method: string, url: string): string {
  const words = documentedPath(url).split('/').filter(Boolean).flatMap((segment) => {
    const param = /^\{(.+)\}$/.exec(segment);
    return param ? ['by', ...(param[1] as string).split(/[^A-Za-z0-9]+/)] : segment.split(/[^A-Za-z0-9]+/);
  }).filter(Boolean);
  return method.toLowerCase() + words.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}`).join('');
}

function defaultSummary(methods: readonly string[], url: string): string {
  if (url.startsWith('/api/swagger')) return `Swagger UI (@fastify/swagger-ui): ${url.slice('/api/swagger'.length) || '/'}`;
  return `${url.startsWith('/api/') ? 'Endpoint' : 'Web page or asset'}: ${methods.join(', ')} ${url}`;
}

export function openAPITransform(config: Config): SwaggerTransform {
  return ({ schema, url, route }) => {
    const base = (schema ?? {}) as RouteSchema;
    const routeConfig = route.config as { policy?: RoutePolicy; accepts?: readonly BodyKind[] } | undefined;
    const policy = routeConfig?.policy;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
    const out: Record<string, unknown> = {
      ...base,
      // Every route is documented, HTML pages included: the document is the complete map of the server.
      hide: false,
      tags: base.tags ?? [url.startsWith('/api/') ? 'docs' : 'pages'],
      summary: base.summary ?? defaultSummary(methods, url),
      security: securityFor(config, policy, methods, url),
    };
    // The body media types the authenticate hook enforces (anything else is 415).
    if (base.consumes === undefined && routeConfig?.accepts !== undefined) out.consumes = routeConfig.accepts.map((kind) => MEDIA[kind]);
    if (base.body === undefined && routeConfig?.accepts?.includes('multipart')) out.body = MULTIPART_FILES;
    if (base.operationId === undefined && methods.length === 1) out.operationId = operationIdFor(methods[0] as string, url);
    if (policy !== undefined) out['x-lightbox-access'] = policy.access;
    if (policy?.access === 'authenticated') out['x-lightbox-permission'] = policy.permission;
    return { schema: out as FastifySchema, url: canonicalUrl(url) };
  };
}

interface Operation {
  tags?: string[];
  parameters?: Array<{ in?: string; required?: boolean; schema?: { default?: unknown } }>;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { type?: string; format?: string } }> }>;
}

function responseDescription(status: string): string {
  if (/^[1-5]XX$/i.test(status)) return status[0] === '4' ? 'Client error (JSON error body)' : status[0] === '5' ? 'Server error (JSON error body)' : status;
  return STATUS_CODES[Number(status)] ?? 'Response';
}

/** Fixes @fastify/swagger's generic output so the document says what the server does. */
function fixOperation(op: Operation): void {
  for (const p of op.parameters ?? []) {
    // A query parameter with a default is filled in by validation (useDefaults): the caller may leave it out.
    if (p.in === 'query' && p.schema?.default !== undefined) p.required = false;
  }
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (response.description === 'Default Response') response.description = responseDescription(status);
    const json = response.content?.['application/json'];
    // Raw bytes (images, downloads) are not JSON, whatever the default media type says.
    if (json?.schema?.type === 'string' && json.schema.format === 'binary' && response.content) {
      delete response.content['application/json'];
      response.content['application/octet-stream'] = json;
    }
  }
}

export const openAPITransformObject: SwaggerTransformObject = (documentObject) => {
  const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as {
    paths?: Record<string, Record<string, Operation>>; tags?: Array<{ name: string; description?: string }>;
  };
  const used = new Set<string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      fixOperation(op);
      for (const tag of op.tags ?? []) used.add(tag);
    }
  }
  doc.tags = [...used].sort().map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
  return doc as ReturnType<SwaggerTransformObject>;
};
