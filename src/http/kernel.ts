// The http kernel: the Fastify instance and the plugins every route module builds on (src/app.ts adds the routes).
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { Ajv } from 'ajv';
import { randomBytes } from 'node:crypto';
import type { AppDeps } from './deps.ts';
import './types.ts';
import { createErrorRenderer, type ErrorRendererOptions } from './plugins/error-handler.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerPolicy } from './plugins/policy.ts';
import { registerOpenAPI } from './plugins/openapi.ts';
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
function requestIds(): () => string {
  const prefix = randomBytes(6).toString('base64url');
  let next = 0;
  return () => `${prefix}-${(++next).toString(36)}`;
}

/**
 * The Fastify instance with its logger, validators, route table and every plugin (errors, security headers, forms,
 * OpenAPI, authentication), ready for route modules to register on. Not yet sealed: the caller adds routes and calls
 * `ready()`.
 */
export interface KernelOptions {
  /** How errors look to a browser: the web layer's error page (the kernel never imports web/). */
  errorPages: ErrorRendererOptions;
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
    genReqId: requestIds(),
    requestTimeout: 60_000,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors raised before routing (a malformed URL, a path parameter over maxParamLength, what Node's parser refuses)
    // go through the same renderer as every other error.
    frameworkErrors: errors.frameworkErrors,
    clientErrorHandler: errors.clientError,
  });
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

  errors.register(app);
  registerSecurityHeaders(app);
  await app.register(formbody, { bodyLimit: config.server.authBodyLimit });
  // Before any route: @fastify/swagger collects routes in its own onRoute hook.
  await registerOpenAPI(app, config);

  await app.register(registerPolicy, { deps });
  return app;
}
