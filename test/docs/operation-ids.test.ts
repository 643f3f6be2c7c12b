// issue #21: every operation has a readable operationId from src/http/docs/operation-ids.ts, a summary, and its tag a description.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp } from '../helpers/app.ts';
import { documentedPath } from '../../src/http/docs/openapi-transform.ts';
import { OPERATION_IDS, routeKey, suggestOperationId } from '../../src/http/docs/operation-ids.ts';
import { TAG_DESCRIPTIONS } from '../../src/http/docs/tags.ts';

interface Operation { operationId?: string; summary?: string; tags?: string[] }
interface OpenAPIDoc { paths: Record<string, Record<string, Operation>>; tags?: Array<{ name: string; description?: string }> }

/** Every optional route on: /metrics exists only when enabled. */
const EVERYTHING_ON = { metrics: { enabled: true }, auth: { basic: { enabled: true } } };

const TABLE = new Map(Object.entries(OPERATION_IDS).map(([key, id]) => {
  const [method = '', url = ''] = key.split(' ');
  return [routeKey(method, url), id];
}));

test('every registered route has a readable operationId in the table, and the document uses it', async () => {
  await withTestApp(EVERYTHING_ON, async (t) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/schema' });
    const doc = res.json() as OpenAPIDoc;
    const missing: string[] = [];
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const route of t.app.routeTable) {
      const op = doc.paths[documentedPath(route.url)]?.[route.method.toLowerCase()];
      // Fastify's automatic HEAD routes are not operations of their own; an explicit HEAD (Swagger UI's assets) is.
      if (route.method === 'OPTIONS' || op === undefined) continue;
      const key = routeKey(route.method, route.url);
      seen.add(key);
      const id = TABLE.get(key);
      if (id === undefined) missing.push(`'${route.method} ${route.url}': '${suggestOperationId(route.method, route.url)}'`);
      else if (op.operationId !== id) wrong.push(`${key}: document says ${op.operationId}, table says ${id}`);
    }
    assert.deepEqual(missing, [], `routes missing from src/http/docs/operation-ids.ts; add (suggested ids):\n  ${missing.join(',\n  ')}`);
    assert.deepEqual(wrong, []);
    assert.ok(seen.size > 90, `the walk saw the whole application (${seen.size} operations)`);
    const stale = [...TABLE.keys()].filter((key) => !seen.has(key));
    assert.deepEqual(stale, [], 'table entries for routes that no longer exist');
  });
});

test('operationIds are unique, camelCase, and every operation has one and a specific summary', async () => {
  const ids = Object.values(OPERATION_IDS);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(duplicates, [], 'operationIds are unique');
  assert.deepEqual(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id)), [], 'camelCase');
  for (const [key, id] of [['GET /api/v1/clients/', 'listClients'], ['POST /api/v1/collections', 'createCollection'], ['POST /galleries/login', 'visitorLogin'],
    ['GET /api/v1/gallery/archive', 'downloadArchive'], ['POST /api/auth/token/obtain', 'obtainToken'], ['PUT /api/v1/clients/:id', 'replaceClient']] as const) {
    assert.equal(OPERATION_IDS[key], id, key);
  }
  await withTestApp(EVERYTHING_ON, async (t) => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/schema' })).json() as OpenAPIDoc;
    const problems: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.operationId) problems.push(`${method} ${path}: no operationId`);
        // The transform's generic fallbacks ("Endpoint: GET …", "Web page or asset: …", "Swagger UI (@fastify/swagger-ui): …").
        if (!op.summary || /^(Endpoint|Web page or asset|Swagger UI \(@fastify)/.test(op.summary)) problems.push(`${method} ${path}: generic summary ${op.summary}`);
      }
    }
    assert.deepEqual(problems, []);
    const used = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags ?? [])));
    assert.deepEqual([...used].filter((tag) => TAG_DESCRIPTIONS[tag] === undefined), [], 'every tag has a description in src/http/docs/tags.ts');
    assert.deepEqual(doc.tags?.filter((tag) => !tag.description).map((tag) => tag.name), []);
  });
});

test('a route missing from the table gets a readable suggestion', () => {
  assert.equal(suggestOperationId('GET', '/api/v1/invoices'), 'listInvoices');
  assert.equal(suggestOperationId('GET', '/api/v1/invoices/:id'), 'getInvoice');
  assert.equal(suggestOperationId('POST', '/api/v1/invoices'), 'createInvoice');
  assert.equal(suggestOperationId('DELETE', '/api/v1/galleries/:id'), 'deleteGallery');
  assert.equal(suggestOperationId('PATCH', '/api/v1/collections/:id'), 'updateCollection');
});
