// The only error serialiser: every failure becomes {"error","message","code","details"?} with the right status.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { STATUS_CODES } from 'node:http';
import { AppError, type ErrorCode, type ErrorDetails } from '../../errors.ts';

export interface ErrorBody {
  error: string;
  message: string;
  code: string;
  details?: ErrorDetails;
}

export function errorBody(status: number, code: string, message: string, details?: ErrorDetails): ErrorBody {
  const body: ErrorBody = { error: STATUS_CODES[status] ?? 'Error', message, code };
  if (details !== undefined) body.details = details;
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

function classify(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (error.validation) {
    return new AppError('validation_failed', undefined, { details: validationDetails(error.validation as ValidationIssue[], error.validationContext) });
  }
  if (typeof code === 'string') {
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type');
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new AppError('invalid_json');
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

export function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  if (err.status === 401) reply.header('www-authenticate', 'Bearer realm="lightbox"');
  if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
  reply.header('cache-control', 'no-store');
  return reply.code(err.status).type('application/json; charset=utf-8').send(errorBody(err.status, err.code, err.message, err.details));
}

export function registerErrorHandling(app: FastifyInstance): void {
  // A shadow router of every route, to tell "wrong method" (405 + Allow) from "no such path" (404).
  const shadow = FindMyWay({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!shadow.find(method as 'GET', route.url)) shadow.on(method as 'GET', route.url, () => undefined);
    }
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = classify(error);
    if (appError.status >= 500) {
      request.log.error({ err: appError.cause ?? error, code: appError.code }, 'request failed');
    }
    return sendError(reply, appError);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => shadow.find(m as 'GET', path) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendError(reply, new AppError('method_not_allowed'));
    }
    return sendError(reply, new AppError('route_not_found'));
  });
}
