// issue #5 (and #3): the documentation stays reachable without an application key when auth.requireAppKey is on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';

test('docs endpoints answer without X-Api-Key; other /api/ routes still demand it', async () => {
  const t = await buildTestApp({ auth: { requireAppKey: true } });
  try {
    const docs = ['/api/help', '/api/schema', '/api/swagger', '/api/swagger/', '/api/swagger/json', '/api/swagger/static/swagger-ui-bundle.js',
      '/api/redoc', '/api/redoc/redoc.standalone.js'];
    for (const url of docs) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/auth/me' }), 401, 'api_key_required');
    assertJsonError(await t.app.inject({ method: 'GET', url: '/api/csrf' }), 401, 'api_key_required');
    assertJsonError(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.test', password: 'x' } }), 401, 'api_key_required');
  } finally {
    await t.close();
  }
});

test('every documentation route declares the docs policy (public, docs: true)', async () => {
  const t = await buildTestApp();
  try {
    const docsRoutes = t.app.routeTable.filter((r) => /^\/api\/(help|schema|swagger|redoc)(\/|$)/.test(r.url));
    assert.ok(docsRoutes.length >= 10, `found ${docsRoutes.length}`);
    for (const r of docsRoutes) assert.deepEqual(r.policy, { access: 'public', docs: true }, `${r.method} ${r.url}`);
  } finally {
    await t.close();
  }
});

test('the docs pages get a CSP that allows only this origin; the Redoc bundle names no CDN', async () => {
  const t = await buildTestApp();
  try {
    for (const url of ['/api/swagger', '/api/redoc']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline or remote scripts');
      assert.doesNotMatch(csp, /https?:|\*/, 'no other origin is allowed');
    }
    const bundle = await t.app.inject({ method: 'GET', url: '/api/redoc/redoc.standalone.js' });
    assert.match(String(bundle.headers['content-type']), /javascript/);
    assert.ok(!bundle.body.includes('cdn.redoc.ly'));
    assert.ok(bundle.body.length > 500_000, 'the real bundle from the redoc package');
  } finally {
    await t.close();
  }
});
