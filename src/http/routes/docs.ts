// Discovery endpoints (LibrePhotos style, public, exempt from the application key): /api/help, /api/schema, Swagger UI, Redoc.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Type from 'typebox';
import swaggerUI from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import type { RoutePolicy } from '../types.ts';
import { ErrorSchema } from '../schemas.ts';
import { displayBaseUrl } from '../docs/base-url.ts';
import { buildHelp, DOCS_PATHS } from '../docs/help.ts';
import { HelpSchema } from '../docs/help-schema.ts';
import { DOCS_CSP, localizeRedocBundle, REDOC_SCRIPT_PATH, redocPage } from '../docs/pages.ts';
import { documentHeaders } from '../plugins/security-headers.ts';
import { packageInfo } from '../../lib/package-info.ts';

const DOCS_POLICY: RoutePolicy = { access: 'public', docs: true };
const Errors = { '4xx': ErrorSchema, '5xx': ErrorSchema };

/**
 * The compiled package carries Redoc's standalone bundle as a built asset (dist/assets, copied by scripts/build.ts), so
 * redoc and its React tree are only a development dependency; from the sources it comes straight from the redoc package.
 */
function redocBundlePath(): string {
  const built = fileURLToPath(new URL('../../assets/redoc.standalone.js', import.meta.url));
  return existsSync(built) ? built : createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
}

type OpenAPIDocument = Record<string, unknown>;

/** The generated document with `servers` naming this server, placed after `info` where readers expect it. */
function withServers(doc: Readonly<OpenAPIDocument>, baseUrl: string): OpenAPIDocument {
  const { openapi, info, ...rest } = doc;
  return { openapi, info, servers: [{ url: baseUrl, description: 'This Lightbox server' }], ...rest };
}

function htmlResponse(description: string): Record<string, unknown> {
  return { description, content: { 'text/html': { schema: { type: 'string' } } } };
}

export function registerDocsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { config } = deps;
  const fallbackHost = `${config.server.host}:${config.server.port}`;
  const baseUrlOf = (request: FastifyRequest): string => displayBaseUrl(config.server.publicUrl, request, fallbackHost);
  let redocBundle: Promise<string> | null = null;

  app.get(DOCS_PATHS.help, {
    config: { policy: DOCS_POLICY },
    schema: {
      tags: ['docs'],
      summary: 'How to authenticate against this server: every enabled scheme with curl examples, the error format, the limits',
      response: { 200: HelpSchema, ...Errors },
    },
  }, async (request) => buildHelp(config, baseUrlOf(request), packageInfo().version));

  app.get(DOCS_PATHS.openapi, {
    config: { policy: DOCS_POLICY },
    schema: {
      tags: ['docs'],
      summary: 'This OpenAPI 3.1 document, generated from the route schemas',
      response: { 200: Type.Record(Type.String(), Type.Unknown(), { description: 'An OpenAPI 3.1 document' }), ...Errors },
    },
  }, async (request) => withServers(app.swagger() as unknown as OpenAPIDocument, baseUrlOf(request)));

  app.get(DOCS_PATHS.redoc, {
    config: { policy: DOCS_POLICY },
    schema: { tags: ['docs'], summary: 'API reference rendered by Redoc (served locally)', response: { 200: htmlResponse('The Redoc page'), ...Errors } },
  }, async (_request, reply) => {
    return documentHeaders(reply, DOCS_CSP).type('text/html; charset=utf-8').send(redocPage(DOCS_PATHS.openapi));
  });

  app.get(REDOC_SCRIPT_PATH, {
    config: { policy: DOCS_POLICY },
    schema: {
      tags: ['docs'],
      summary: "Redoc's standalone bundle, from the redoc npm package",
      response: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: { type: 'string' } } } }, ...Errors },
    },
  }, async (_request, reply) => {
    redocBundle ??= readFile(redocBundlePath(), 'utf8').then(localizeRedocBundle);
    return reply.header('cache-control', 'public, max-age=86400').type('text/javascript; charset=utf-8').send(await redocBundle);
  });

  // Swagger UI from @fastify/swagger-ui, in its own scope so its routes (page, assets, spec) can be declared docs-public here.
  app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, policy: route.config?.policy ?? DOCS_POLICY };
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) documentHeaders(reply, DOCS_CSP);
      return payload;
    });
    await scope.register(swaggerUI, {
      routePrefix: DOCS_PATHS.swaggerUI,
      theme: { title: 'Lightbox API – Swagger UI' },
      uiConfig: { deepLinking: true, docExpansion: 'list' },
      transformSpecification: (spec, request) => withServers(spec, baseUrlOf(request)),
    });
  });
}
