// The http kernel: the Fastify instance and the plugins every route module builds on (src/app.ts adds the routes).
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { Ajv } from 'ajv';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { AppDeps } from './deps.ts';
import type { Config } from '../config.ts';
import './types.ts';
import { createErrorRenderer, type ErrorRendererOptions } from './plugins/error-handler.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerPolicy } from './plugins/policy.ts';
import { registerRateLimit } from './plugins/rate-limit.ts';
import { registerCors } from './plugins/cors.ts';
import { registerOpenAPI } from './plugins/openapi.ts';
import { registerAuditHook } from './audit.ts';
import { createLogger, loggingFor } from './request-logger.ts';

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared policy, for the route-walk test and the docs. */
    routeTable: RegisteredRoute[];
  }
}

/**
 * Request ids for log correlation: a random per-process prefix and a counter, unique across restarts and instances
 * without drawing random bytes for every request (they are not secrets; nothing is authorised by them).
 */
function requestIds(trustProxy: readonly string[]): (req: IncomingMessage) => string {
  const prefix = randomBytes(6).toString('base64url');
  let next = 0;
  const trusted = trustProxy.length > 0 ? proxyAddr.compile([...trustProxy]) : undefined;
  return (req) => {
    // A proxy we trust may pass its own id on, so one id follows the request through every hop; from anyone else the
    // header is ignored (a client could otherwise forge or collide ids in our logs).
    const given = req.headers['x-request-id'];
    const peer = req.socket.remoteAddress;
    if (trusted && peer !== undefined && typeof given === 'string' && REQUEST_ID.test(given) && trusted(peer, 0)) return given;
    return `${prefix}-${(++next).toString(36)}`;
  };
}

/** What an incoming X-Request-Id may look like: a UUID, a ULID, nginx's $request_id and the like; nothing that could break a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The Fastify instance with its logger, validators, route table and every plugin (errors, security headers, forms,
 * OpenAPI, authentication), ready for route modules to register on. Not yet sealed: the caller adds routes and calls
 * `ready()`.
 */
export interface KernelOptions {
  /** How errors look to a browser: the web layer's error page (the kernel never imports web/). */
  errorPages: ErrorRendererOptions;
}

/**
 * Slow clients (slowloris: a header byte every few seconds) are cut off deliberately rather than at Node's defaults
 * (issue #22): headers within headersTimeout, the whole request within requestTimeout, idle keep-alive sockets after
 * keepAliveTimeout. Node checks the first two every connectionsCheckingInterval (30 s by default), which would let a
 * slow sender overstay by that much, so the check runs four times per headersTimeout (between 0.1 and 5 s).
 */
export function serverTimeouts(server: Config['server']): { requestTimeout: number; keepAliveTimeout: number; http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } } {
  const headersTimeout = server.headersTimeout * 1000;
  const requestTimeout = server.requestTimeout * 1000;
  const connectionsCheckingInterval = Math.min(5000, Math.max(100, Math.floor(headersTimeout / 4)));
  return { requestTimeout, keepAliveTimeout: server.keepAliveTimeout * 1000, http: { headersTimeout, requestTimeout, connectionsCheckingInterval } };
}

export async function createKernel(deps: AppDeps, options: KernelOptions): Promise<FastifyInstance> {
  const { config } = deps;
  const logging = loggingFor(createLogger({ level: config.log.level, stream: deps.logStream }));
  const errors = createErrorRenderer(options.errorPages);
  const app = Fastify({
    ...logging.options,
    trustProxy: config.server.trustProxy.length > 0 ? [...config.server.trustProxy] : false,
    bodyLimit: config.server.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    genReqId: requestIds(config.server.trustProxy),
    requestIdHeader: false,
    ...serverTimeouts(config.server),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors raised before routing (a malformed URL, a path parameter over maxParamLength, what Node's parser refuses)
    // go through the same renderer as every other error.
    frameworkErrors: errors.frameworkErrors,
    clientErrorHandler: errors.clientError,
  });
  // Node accepts connections without limit by default; beyond the cap it closes new ones at once.
  app.server.maxConnections = config.server.maxConnections;
  logging.install(app); // before any plugin: they inherit the app's logger

  // Bodies are validated strictly (no type coercion: {"password": 123} is a 422); query strings are coerced.
  const bodyAjv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: true, strict: false });
  const queryAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: true, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : queryAjv).compile(schema));

  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Read when asked, not now: a scoped onRoute hook (the docs plugin's, for @fastify/swagger-ui's routes) may set it later.
    const policyOf = (): unknown => (route.config as { policy?: unknown } | undefined)?.policy;
    for (const method of methods) app.routeTable.push({ method, url: route.url, get policy() { return policyOf(); } });
  });

  // Every response names its request id, errors and successes alike.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Counted once the response is finished: the matched route's pattern, never the URL (bounded label values).
  const metrics = deps.metrics;
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
  errors.register(app);
  registerSecurityHeaders(app);
  registerAuditHook(app);
  await app.register(formbody, { bodyLimit: config.server.authBodyLimit });
  // Before any route: @fastify/swagger collects routes in its own onRoute hook.
  await registerOpenAPI(app, config);

  // Before the rate limit: its 429 must carry the CORS headers too, or a page on a listed origin cannot read it.
  await registerCors(app, config.cors);
  // Before the policy plugin: a client over its limit is refused before its credentials cost a lookup.
  await registerRateLimit(app, deps);
  await app.register(registerPolicy, { deps });
  return app;
}
