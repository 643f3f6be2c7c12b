// Assertions shared by the HTTP-level suites: the exact error bodies of issue 2 and the JSON error shape.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

export const SESSION_INVALID_BODY = { error: 'Unauthorized', message: 'Session expired or invalid', code: 'session_invalid' } as const;
export const CSRF_FAILED_BODY = { error: 'Forbidden', message: 'CSRF token missing or invalid', code: 'csrf_failed' } as const;

/** A JSON error response with the given status and code, the one error shape, and no stack trace. */
export function assertJsonError(res: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  assert.equal(res.statusCode, status, `expected ${status} ${code}, got ${res.statusCode} ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json() as Record<string, unknown>;
  assert.equal(body.code, code, res.body);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
  for (const key of Object.keys(body)) assert.ok(['error', 'message', 'code', 'details', 'request_id'].includes(key), `unexpected key ${key}`);
  assertNoStackTrace(res.body);
  return body;
}

/** The exact 401 of issue 2, with a challenge header. */
export function assertSessionInvalid(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 401, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.ok(res.headers['www-authenticate'], 'a 401 carries WWW-Authenticate');
  assert.deepEqual(withoutRequestId(res.json()), SESSION_INVALID_BODY);
}

export function assertCSRFFailed(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 403, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(withoutRequestId(res.json()), CSRF_FAILED_BODY);
}

export function assertNoStackTrace(body: string): void {
  assert.doesNotMatch(body, /\bat [\w.<>]+ \(|node_modules|\/src\/|\.ts:\d+|Error:/, `body leaks internals: ${body}`);
}

/** An error body without its request_id (a different value on every request, issue #21), for exact comparisons. */
export function withoutRequestId(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body;
  const { request_id: _requestId, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** A raw response body with its request_id value masked, so byte-for-byte comparisons stay byte for byte everywhere else. */
export function maskRequestId(raw: string): string {
  return raw.replace(/"request_id":"[^"]*"/g, '"request_id":"<masked>"');
}
