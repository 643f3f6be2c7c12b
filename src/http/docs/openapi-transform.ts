// How routes become OpenAPI operations: paths, security from the policy, media types from `accepts`, and document fixes.
import { STATUS_CODES } from 'node:http';
import type { FastifySchema } from 'fastify';
import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import type { Config } from '../../config.ts';
import type { BodyKind, RoutePolicy } from '../types.ts';
import { securityFor } from './openapi-security.ts';
import { FALLBACK_SUMMARIES, fallbackSummaryOf, OPERATION_IDS, operationIdOf } from './operation-ids.ts';
import { TAG_DESCRIPTIONS } from './tags.ts';
import { nameComponents } from './components.ts';

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
      summary: base.summary ?? fallbackSummaryOf(methods[0] as string, url) ?? defaultSummary(methods, url),
      security: securityFor(config, policy, methods, url),
    };
    // The body media types the authenticate hook enforces (anything else is 415).
    if (base.consumes === undefined && routeConfig?.accepts !== undefined) out.consumes = routeConfig.accepts.map((kind) => MEDIA[kind]);
    if (base.body === undefined && routeConfig?.accepts?.includes('multipart')) out.body = MULTIPART_FILES;
    // The readable id from operation-ids.ts; a route missing there keeps a generated one (and a test names it).
    if (base.operationId === undefined && methods.length === 1) out.operationId = operationIdOf(methods[0] as string, url) ?? operationIdFor(methods[0] as string, url);
    if (policy !== undefined) out['x-lightbox-access'] = policy.access;
    if (policy?.access === 'authenticated') out['x-lightbox-permission'] = policy.permission;
    return { schema: out as FastifySchema, url: canonicalUrl(url) };
  };
}

interface Operation {
  tags?: string[];
  operationId?: string;
  summary?: string;
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

/** A "METHOD /registered/:path" table keyed by documented path ("GET /api/swagger/static/{wildcard}"). */
function byDocumentedPath(table: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(table).map(([key, value]) => {
    const [method = '', url = ''] = key.split(' ');
    return [`${method} ${documentedPath(url)}`, value];
  }));
}

/** For routes with several methods (GET and HEAD), which share one schema: their per-method id and summary. */
const IDS_BY_DOCUMENTED_PATH = byDocumentedPath(OPERATION_IDS);
const SUMMARIES_BY_DOCUMENTED_PATH = byDocumentedPath(FALLBACK_SUMMARIES);

/** Routes the rate limiter never answers 429 (src/http/plugins/rate-limit.ts): they keep their documented responses only. */
const NOT_RATE_LIMITED = new Set(['/healthz', '/readyz']);

/** Every other route can be refused by the rate limiter: say so where no 4XX response is documented. */
function addRateLimitResponse(path: string, op: Operation): void {
  const responses = (op.responses ??= {});
  if (NOT_RATE_LIMITED.has(path) || Object.keys(responses).some((status) => status.startsWith('4'))) return;
  const example = { error: 'Too Many Requests', message: 'Too many requests from this client, slow down', code: 'rate_limited' };
  const content: Record<string, unknown> = { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example } };
  if (!path.startsWith('/api/')) content['text/html'] = { schema: { type: 'string', description: 'An error page, for browsers' } };
  (responses as Record<string, unknown>)['429'] = { description: 'Too Many Requests: the rate limit (Retry-After says when to retry)', content };
}

export const openAPITransformObject: SwaggerTransformObject = (documentObject) => {
  const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as {
    paths?: Record<string, Record<string, Operation>>; tags?: Array<{ name: string; description?: string }>;
  };
  const used = new Set<string>();
  const seen = new Set<Operation>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, shared] of Object.entries(item)) {
      // @fastify/swagger gives every method of a multi-method route the same object: each gets its own copy.
      const key = `${method.toUpperCase()} ${path}`;
      const op = seen.has(shared) ? { ...structuredClone(shared), operationId: undefined, summary: SUMMARIES_BY_DOCUMENTED_PATH.get(key) ?? shared.summary } : shared;
      seen.add(op);
      item[method] = op;
      fixOperation(op);
      op.operationId ??= IDS_BY_DOCUMENTED_PATH.get(key);
      for (const tag of op.tags ?? []) used.add(tag);
    }
  }
  doc.tags = [...used].sort().map((name) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name }));
  nameComponents(doc);
  for (const [path, item] of Object.entries(doc.paths ?? {})) for (const op of Object.values(item)) addRateLimitResponse(path, op);
  return doc as ReturnType<SwaggerTransformObject>;
};
