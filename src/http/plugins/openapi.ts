// Registers @fastify/swagger (before any route, so its onRoute hook sees them all) with Lightbox's security schemes.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Config } from '../../config.ts';
import { securitySchemes } from '../docs/openapi-security.ts';
import { openAPITransform, openAPITransformObject } from '../docs/openapi-transform.ts';
import { packageInfo } from '../../lib/package-info.ts';

export async function registerOpenAPI(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lightbox API',
        version: packageInfo().version,
        description: 'Self-hosted API server for photography studios. How to authenticate, with curl examples for this server: GET /api/help. Every error is JSON: {"error", "message", "code", "details"?}.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: { securitySchemes: securitySchemes(config) },
    },
    refResolver: {
      // Schemas with an $id are named by it in components.schemas instead of def-N.
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    transform: openAPITransform(config),
    transformObject: openAPITransformObject,
  });
}
