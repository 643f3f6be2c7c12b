// Opt-in CORS (@fastify/cors) for the origins in cors.origins only: each named exactly, always with credentials, never
// a wildcard and never an origin reflected because it asked (R24).
import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import type { Config } from '../../config.ts';
import { CSRF_HEADERS } from '../../auth/csrf.ts';

/**
 * The request headers the API reads that a browser would otherwise refuse to send cross-origin: JSON bodies, the
 * credential headers (Authorization for Bearer/JWT/PAT/Basic, X-Auth-Token for token mode, X-Api-Key for application
 * keys), the three CSRF header spellings (auth/csrf.ts; header names are case-insensitive), and the conditional and range headers of photo downloads. X-Request-Id is
 * not here: the server only believes it from a trusted proxy, never from a page.
 */
export const CORS_ALLOWED_HEADERS: readonly string[] = [
  'Content-Type', 'Authorization', 'X-Auth-Token', 'X-Api-Key', ...CSRF_HEADERS, 'If-None-Match', 'If-Range', 'Range',
];

/**
 * The response headers a page may read besides the CORS-safelisted ones: the request id (for support), the retry and
 * rate-limit fields the SDK backs off on, the 401 challenge, where a created resource lives, and download metadata.
 */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'WWW-Authenticate', 'Location', 'ETag', 'Content-Disposition', 'Content-Range', 'Accept-Ranges',
];

export const CORS_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Registers @fastify/cors when cors.origins names any origin; otherwise nothing (no CORS headers, OPTIONS is 404).
 * The origin callback answers the matching list entry itself or `false`, so an unlisted origin gets no CORS header at
 * all and its preflight falls through to 404. Registered before the rate limit, so a 429 still reaches the page with
 * its Retry-After. The plugin's catch-all `OPTIONS *` route answers preflights only and reads no credential: it is
 * declared public here so the route table stays complete.
 */
export async function registerCors(app: FastifyInstance, config: Config['cors']): Promise<void> {
  if (config.origins.length === 0) return;
  const allowed = new Set(config.origins);
  app.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS' && route.url === '*' && route.config?.policy === undefined) route.config = { ...route.config, policy: { access: 'public' } };
  });
  await app.register(cors, {
    origin: (origin: string | undefined, done: (err: Error | null, allow: string | false) => void): void => {
      done(null, origin !== undefined && allowed.has(origin) ? origin : false);
    },
    credentials: true,
    methods: [...CORS_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: config.maxAge,
    strictPreflight: true,
  });
}
