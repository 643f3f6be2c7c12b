// issue #5: GET /api/schema is a complete OpenAPI 3.1 document that lints clean with Redocly's recommended rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BaseResolver, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { documentedPath } from '../../src/http/docs/openapi-transform.ts';

type SecurityRequirement = Record<string, string[]>;
interface Operation { security?: SecurityRequirement[]; responses?: Record<string, unknown>; operationId?: string; summary?: string; requestBody?: { content?: Record<string, unknown> } }
interface OpenAPIDoc {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
}

/** A test app and the OpenAPI document it serves. */
function withApp(overrides: Parameters<typeof withTestApp>[0], fn: (t: TestApp, doc: OpenAPIDoc) => Promise<void>): Promise<void> {
  return withTestApp(overrides, async (t) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/schema', headers: { host: 'lightbox.test:8080' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    await fn(t, res.json() as OpenAPIDoc);
  });
}

/** Redocly's recommended ruleset, as `redocly lint` applies it; only errors fail (warnings are printed for the record). */
async function lintErrors(doc: OpenAPIDoc): Promise<string[]> {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintDocument({
    document: makeDocumentFromString(JSON.stringify(doc), '/api/schema.json'),
    config,
    externalRefResolver: new BaseResolver(),
  });
  const warnings = problems.filter((p) => p.severity !== 'error');
  if (warnings.length > 0) console.log(`redocly: ${warnings.length} warnings (${[...new Set(warnings.map((p) => p.ruleId))].join(', ')})`);
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

function operation(doc: OpenAPIDoc, method: string, path: string): Operation {
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  return op;
}

test('the document is OpenAPI 3.1, names this server, and has no Redocly lint errors (default config)', async () => {
  await withApp({}, async (_t, doc) => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(doc.servers?.map((s) => s.url), ['http://lightbox.test:8080']);
    assert.deepEqual(await lintErrors(doc), []);
  });
});

test('no lint errors either with every optional scheme on (Basic, app keys, no query token)', async () => {
  await withApp({ auth: { basic: { enabled: true }, requireAppKey: true, tokenQueryParam: false } }, async (_t, doc) => {
    assert.deepEqual(await lintErrors(doc), []);
  });
});

test('every route in the route table is in the document, with a summary, responses and an error response', async () => {
  await withApp({}, async (t, doc) => {
    const missing: string[] = [];
    for (const route of t.app.routeTable) {
      if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
      const op = doc.paths[documentedPath(route.url)]?.[route.method.toLowerCase()];
      if (!op) missing.push(`${route.method} ${route.url}`);
      else assert.ok(op.summary && op.responses, `${route.method} ${route.url} has a summary and responses`);
    }
    assert.deepEqual(missing, []);
    assert.ok(t.app.routeTable.length > 40, 'the walk saw the whole application');
    const me = operation(doc, 'get', '/api/auth/me');
    const error = (me.responses?.['4XX'] as { content: Record<string, { schema: { required: string[] } }> }).content['application/json']?.schema;
    assert.deepEqual(error?.required, ['error', 'message', 'code']);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)).filter(Boolean);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });
});

test('security schemes: session cookie, CSRF header, JWT bearer, token mode, Basic, X-Api-Key, personal access tokens', async () => {
  await withApp({}, async (_t, doc) => {
    const s = doc.components.securitySchemes;
    assert.deepEqual(s.sessionCookie && { type: s.sessionCookie.type, in: s.sessionCookie.in, name: s.sessionCookie.name }, { type: 'apiKey', in: 'cookie', name: 'sessionid' });
    assert.deepEqual(s.csrfHeader && { type: s.csrfHeader.type, in: s.csrfHeader.in, name: s.csrfHeader.name }, { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    assert.deepEqual(s.jwtBearer && { type: s.jwtBearer.type, scheme: s.jwtBearer.scheme, bearerFormat: s.jwtBearer.bearerFormat }, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    assert.deepEqual(s.authToken && { type: s.authToken.type, in: s.authToken.in, name: s.authToken.name }, { type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    assert.deepEqual(s.basicAuth && { type: s.basicAuth.type, scheme: s.basicAuth.scheme }, { type: 'http', scheme: 'basic' });
    assert.deepEqual(s.appKey && { type: s.appKey.type, in: s.appKey.in, name: s.appKey.name }, { type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    assert.deepEqual(s.personalAccessToken && { type: s.personalAccessToken.type, scheme: s.personalAccessToken.scheme }, { type: 'http', scheme: 'bearer' });
    assert.deepEqual(s.jwtCookie && { in: s.jwtCookie.in, name: s.jwtCookie.name }, { in: 'cookie', name: 'jwt' });
  });
});

test('per-operation security follows the route policy and the configuration', async () => {
  await withApp({}, async (_t, doc) => {
    assert.deepEqual(operation(doc, 'post', '/api/auth/login').security, [], 'public');
    assert.deepEqual(operation(doc, 'get', '/healthz').security, []);
    const me = operation(doc, 'get', '/api/auth/me').security ?? [];
    assert.deepEqual(me[0], { sessionCookie: [] }, 'a read needs only the cookie');
    assert.ok(me.some((r) => 'jwtBearer' in r) && me.some((r) => 'authToken' in r) && me.some((r) => 'authTokenQuery' in r));
    assert.deepEqual(me.find((r) => 'personalAccessToken' in r), { personalAccessToken: ['account:read'] }, 'the PAT requirement names the scope');
    assert.ok(!me.some((r) => 'basicAuth' in r), 'Basic is off');
    const logout = operation(doc, 'post', '/api/auth/logout').security ?? [];
    assert.deepEqual(logout[0], { sessionCookie: [], csrfHeader: [] }, 'an unsafe cookie request needs the CSRF header');
    assert.ok(logout.some((r) => 'jwtCookie' in r && 'csrfHeader' in r));
    assert.ok(logout.some((r) => Object.keys(r).join() === 'authToken'), 'token mode needs no CSRF');
    assert.ok(operation(doc, 'get', '/api/csrf').security?.some((r) => Object.keys(r).length === 0), 'optional: anonymous allowed');
    assert.deepEqual(operation(doc, 'get', '/api/v1/gallery/collection').security, [{ visitorSession: [] }]);
    const upload = operation(doc, 'post', '/api/v1/galleries/{id}/photos');
    assert.ok(upload.requestBody?.content?.['multipart/form-data'], 'the upload documents its multipart body');
    assert.ok(operation(doc, 'post', '/api/auth/login').requestBody?.content?.['application/x-www-form-urlencoded'], 'form logins are documented');
  });
  await withApp({ auth: { basic: { enabled: true }, requireAppKey: true, tokenQueryParam: false } }, async (_t, doc) => {
    const me = operation(doc, 'get', '/api/auth/me').security ?? [];
    assert.ok(me.every((r) => 'appKey' in r), 'every alternative carries X-Api-Key');
    assert.ok(me.some((r) => 'basicAuth' in r));
    assert.ok(!me.some((r) => 'authTokenQuery' in r));
    assert.deepEqual(operation(doc, 'post', '/api/auth/login').security, [{ appKey: [] }], 'public /api/ routes need the key too');
    assert.deepEqual(operation(doc, 'get', '/api/help').security, [], 'the docs are exempt');
    assert.deepEqual(operation(doc, 'get', '/healthz').security, [], 'outside /api/ no key');
  });
});
