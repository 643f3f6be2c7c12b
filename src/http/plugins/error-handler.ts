// The one error renderer: every failure, before or after routing, becomes the JSON error body for API clients
// ({"error","message","code","details"?}) or an HTML page for a browser, always with the security headers.
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import FindMyWay from 'find-my-way';
import { STATUS_CODES } from 'node:http';
import { AppError, type ErrorCode, type ErrorDetails } from '../../errors.ts';
import { wantsErrorPage } from '../negotiate.ts';
import { API_CSP, PAGE_CSP, SECURITY_DEFAULTS, applySecurityHeaders, sendHtml } from './security-headers.ts';

export interface ErrorBody {
  error: string;
  message: string;
  code: string;
  details?: ErrorDetails;
  /** The request's X-Request-Id, so a user's report can be matched with the server's log lines (issue #21). */
  request_id?: string;
}

export function errorBody(status: number, code: string, message: string, details?: ErrorDetails, options: { requestId?: string } = {}): ErrorBody {
  const body: ErrorBody = { error: STATUS_CODES[status] ?? 'Error', message, code };
  if (details !== undefined) body.details = details;
  if (options.requestId !== undefined) body.request_id = options.requestId;
  return body;
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Per-field messages from Ajv's errors: {"email": "must match format \"email\""}. */
function validationDetails(issues: ValidationIssue[], context: string | undefined): ErrorDetails {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    let path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
      path = path ? `${path}.${issue.params.missingProperty}` : issue.params.missingProperty;
    }
    if (issue.keyword === 'additionalProperties' && typeof issue.params?.additionalProperty === 'string') {
      path = path ? `${path}.${issue.params.additionalProperty}` : issue.params.additionalProperty;
    }
    const key = path || context || 'body';
    fields[key] ??= issue.keyword === 'required' ? 'is required' : issue.keyword === 'additionalProperties' ? 'is not allowed' : (issue.message ?? 'is invalid');
  }
  return fields;
}

export function classify(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (error.validation) {
    return new AppError('validation_failed', undefined, { details: validationDetails(error.validation as ValidationIssue[], error.validationContext) });
  }
  if (typeof code === 'string') {
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type');
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new AppError('invalid_json');
    if (code === 'FST_ERR_BAD_URL') return new AppError('invalid_url');
    if (code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('uri_too_long');
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_IOERR' || code === 'ECONNREFUSED' || code === '57P01') {
      return new AppError('unavailable', undefined, { retryAfter: 5, cause: error });
    }
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('invalid_json');
  const status = error.statusCode ?? 500;
  if (status === 413) return new AppError('payload_too_large');
  if (status === 415) return new AppError('unsupported_media_type');
  if (status === 400 && (/json/i.test(error.message) || (typeof code === 'string' && code.startsWith('FST_ERR_CTP')))) return new AppError('invalid_json');
  if (status >= 400 && status < 500) {
    const generic: Partial<Record<number, ErrorCode>> = { 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 406: 'not_acceptable', 409: 'conflict' };
    return new AppError(generic[status] ?? 'bad_request');
  }
  return new AppError('internal_error', undefined, { cause: error });
}

/** The JSON error body, for routes that answer a failure themselves on an API path (a byte range nobody can serve). */
export function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  errorHeaders(reply, err);
  return reply.code(err.status).type('application/json; charset=utf-8').send(errorBody(err.status, err.code, err.message, err.details, { requestId: reply.request.id }));
}

function errorHeaders(reply: FastifyReply, err: AppError): void {
  if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="lightbox"');
  if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
  reply.header('cache-control', 'no-store');
}

/**
 * Renders a failure on a page route as that page's own document: the form again with the message next to the
 * field or the form. Returns null to fall back to the generic error page. Declared per route (`config.errorPage`).
 */
export type ErrorPageRenderer = (request: FastifyRequest, error: AppError) => string | null;

export interface ErrorPageContext {
  /** Shown on a 500 page so a person can quote it and an operator find the logged cause; null before parsing. */
  requestId: string | null;
}

export interface ErrorRendererOptions {
  /** The generic HTML error document for a status (404 included); the web layer supplies it. */
  renderPage: (error: AppError, context: ErrorPageContext) => string;
}

/** URLs longer than this are refused with 414 before any route sees them (nginx's default header buffer is 8 KiB too). */
export const MAX_URL_LENGTH = 8192;

export interface ErrorRenderer {
  /** Sends the error as JSON or as a page, with the security headers; the only place an error becomes a response. */
  send(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply;
  /** Fastify's `frameworkErrors`: a malformed URL or an over-long path parameter, raised before routing and hooks. */
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void;
  /** Fastify's `clientErrorHandler`: what Node's parser refused (headers too large, garbage, a timeout); raw socket only. */
  clientError(this: FastifyInstance, err: ConnectionError, socket: Socket): void;
  /** The error and not-found handlers, the 405 shadow router and the URL length limit. */
  register(app: FastifyInstance): void;
}

/** The bytes Node had read before it refused the request: enough to see the path and whether the client wants HTML. */
function rawRequestWantsPage(raw: Buffer | undefined): boolean {
  if (!raw) return false;
  const text = raw.subarray(0, 65_536).toString('latin1');
  const path = /^[A-Z]{1,16} (\S{1,8192})/.exec(text)?.[1] ?? '/';
  const accept = /\r\naccept:[ \t]*([^\r\n]{0,1024})/i.exec(text)?.[1];
  return wantsErrorPage(path, accept);
}

/**
 * SECURITY-BAR R52, cross-tenant attempts: an authenticated caller asking for an id its studio (or a visitor's
 * collection) does not hold gets the same 404 as for an id that never existed, and the log records it with who asked,
 * so a probe for other studios' ids shows as a run of these. Telling "another studio's" from "none" would need a
 * second lookup on every 404; ids are random, so a run of misses is the signal either way.
 */
function logNotFound(request: FastifyRequest): void {
  const principal = request.principal;
  if (!principal) return;
  const who = principal.kind === 'user' ? { userId: principal.user.id, studioId: principal.studioId } : { collectionId: principal.collection.id };
  // Only id parameters (`id`, `user_id`, …): a path parameter of another name could be a secret, such as a link's token.
  const ids = Object.entries((request.params ?? {}) as Record<string, unknown>).filter(([name]) => name === 'id' || name.endsWith('_id'));
  request.log.info({ event: 'resource_not_found', ...who, method: request.method, route: request.routeOptions.url ?? null, ids: Object.fromEntries(ids) }, 'security event');
}

export function createErrorRenderer(options: ErrorRendererOptions): ErrorRenderer {
  function send(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
    // Errors raised before routing never ran the onRequest hook that sets these; set them here for every error.
    applySecurityHeaders(request, reply);
    errorHeaders(reply, err);
    if (wantsErrorPage(request.url, request.headers.accept)) {
      let page: string | null = null;
      const own = (request.routeOptions?.config as { errorPage?: ErrorPageRenderer } | undefined)?.errorPage;
      if (own) {
        try {
          page = own(request, err);
        } catch (renderError) {
          request.log.error({ err: renderError, code: err.code }, 'error page failed to render');
        }
      }
      return sendHtml(reply, err.status, page ?? options.renderPage(err, { requestId: request.id }));
    }
    reply.header('content-security-policy', API_CSP).removeHeader('cross-origin-opener-policy');
    return reply.code(err.status).type('application/json; charset=utf-8').send(errorBody(err.status, err.code, err.message, err.details, { requestId: reply.request.id }));
  }

  function logged(request: FastifyRequest, error: unknown): AppError {
    const appError = classify(error as FastifyError);
    if (appError.status >= 500) request.log.error({ err: appError.cause ?? error, code: appError.code }, 'request failed');
    if (appError.code === 'not_found') logNotFound(request);
    return appError;
  }

  return {
    send,
    frameworkErrors(error, request, reply): void {
      void send(request, reply, logged(request, error));
    },
    clientError(err, socket): void {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      // Node hands over the bytes it had read as a Buffer (Fastify's type describes its JSON form).
      const raw = (err as { rawPacket?: unknown }).rawPacket;
      const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'bad_request';
      const appError = new AppError(code);
      this.log.info({ event: 'client_error', code, parser: err.code ?? null }, 'request refused before parsing');
      if (socket.writable) {
        const page = rawRequestWantsPage(Buffer.isBuffer(raw) ? raw : undefined);
        const body = page ? options.renderPage(appError, { requestId: null }) : JSON.stringify(errorBody(appError.status, code, appError.message));
        const headers: Record<string, string> = {
          ...SECURITY_DEFAULTS,
          'content-security-policy': page ? PAGE_CSP : API_CSP,
          ...(page ? { 'cross-origin-opener-policy': 'same-origin' } : {}),
          'content-type': page ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
          connection: 'close',
        };
        const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
        socket.write(`HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? 'Error'}\r\n${head}\r\n${body}`);
      }
      socket.destroy();
    },
    register(app): void {
      // A shadow router of every route, to tell "wrong method" (405 + Allow) from "no such path" (404).
      const shadow = FindMyWay({ ignoreTrailingSlash: true });
      app.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) {
          if (!shadow.find(method as 'GET', route.url)) shadow.on(method as 'GET', route.url, () => undefined);
        }
      });
      app.addHook('onRequest', (request, _reply, done) => {
        if (request.url.length > MAX_URL_LENGTH) return done(new AppError('uri_too_long'));
        done();
      });

      app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => send(request, reply, logged(request, error)));

      app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
        const path = request.url.split('?')[0] ?? '/';
        const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => shadow.find(m as 'GET', path) !== null);
        if (allowed.length > 0) {
          reply.header('allow', allowed.join(', '));
          return send(request, reply, new AppError('method_not_allowed'));
        }
        return send(request, reply, new AppError('route_not_found'));
      });
    },
  };
}
