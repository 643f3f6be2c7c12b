// issue #2: every registered route declares an auth policy; this walk fails as soon as one does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegisteredRoute } from '../../src/http/kernel.ts';
import { PERMISSIONS } from '../../src/auth/permissions.ts';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

const ACCESS = new Set(['public', 'optional', 'authenticated', 'visitor']);

/** Human-readable reasons a route's policy is missing or malformed; empty when every route is declared. */
function undeclared(routes: readonly RegisteredRoute[]): string[] {
  const problems: string[] = [];
  for (const r of routes) {
    const policy = r.policy as { access?: unknown; permission?: unknown } | undefined;
    const where = `${r.method} ${r.url}`;
    if (policy === undefined || policy === null || typeof policy !== 'object') problems.push(`${where}: no config.policy`);
    else if (typeof policy.access !== 'string' || !ACCESS.has(policy.access)) problems.push(`${where}: unknown access ${String(policy.access)}`);
    else if (policy.access === 'authenticated' && !(typeof policy.permission === 'string' && Object.hasOwn(PERMISSIONS, policy.permission))) {
      problems.push(`${where}: authenticated without a known permission`);
    }
  }
  return problems;
}

test('every registered route declares an auth policy', async () => {
  const t = await buildTestApp();
  try {
    const routes = t.app.routeTable;
    const seen = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const core of ['POST /api/auth/login', 'POST /api/auth/logout', 'GET /api/auth/me', 'GET /api/csrf', 'GET /api/v1/notifications/all',
      'GET /healthz', 'GET /readyz', 'GET /login', 'POST /login', 'POST /logout', 'GET /setup', 'POST /setup', 'GET /']) {
      assert.ok(seen.has(core), `${core} is in the route table`);
    }
    assert.ok(seen.has('HEAD /api/auth/me'), 'automatic HEAD routes are walked too');
    assert.deepEqual(undeclared(routes), []);
  } finally {
    await t.close();
  }
});

// issue #21: the routes that exist only when configured (CORS preflight, /metrics) declare a policy too.
test('with CORS and metrics on, the preflight route and /metrics are in the walk with a policy', async () => {
  const t = await buildTestApp({ cors: { origins: ['https://app.example.test'] }, metrics: { enabled: true, processMetrics: false } });
  try {
    const seen = new Set(t.app.routeTable.map((r) => `${r.method} ${r.url}`));
    for (const route of ['OPTIONS *', 'GET /metrics', 'HEAD /metrics']) assert.ok(seen.has(route), `${route} is in the route table`);
    assert.deepEqual(undeclared(t.app.routeTable), []);
  } finally {
    await t.close();
  }
});

test('an app with a route that declares no policy, or a bogus one, refuses to start (buildApp throws)', async () => {
  await assert.rejects(
    buildTestApp({}, {
      extraRoutes: (app) => {
        app.get('/api/v1/forgotten', async () => ({ secret: true }));
        app.post('/api/v1/typo', { config: { policy: { access: 'authenticated', permission: 'nope:nope' } } as never }, async () => ({}));
        app.route({ method: ['PUT', 'DELETE'], url: '/api/v1/also-forgotten/:id', handler: async () => ({}) });
        app.get('/api/v1/weird', { config: { policy: { access: 'everyone' } } as never }, async () => ({}));
      },
    }),
    (err: Error) => {
      for (const line of [
        'GET /api/v1/forgotten: no config.policy',
        'HEAD /api/v1/forgotten: no config.policy',
        'POST /api/v1/typo: authenticated without a known permission',
        'PUT /api/v1/also-forgotten/:id: no config.policy',
        'DELETE /api/v1/also-forgotten/:id: no config.policy',
        'GET /api/v1/weird: unknown access everyone',
      ]) assert.ok(err.message.includes(line), `names ${line}:\n${err.message}`);
      assert.doesNotMatch(err.message, /\/api\/auth\/me/, 'lists only the offending routes');
      return true;
    },
  );
});

test('visitor routes are in the walk and declare the visitor policy; studio credentials do not open them', async () => {
  const t = await buildTestApp();
  try {
    const visitorRoutes = t.app.routeTable.filter((r) => (r.policy as { access?: string } | undefined)?.access === 'visitor').map((r) => `${r.method} ${r.url}`);
    for (const route of ['GET /api/v1/gallery/collection', 'GET /api/v1/gallery/galleries', 'POST /api/v1/gallery/favorites', 'POST /galleries/logout', 'GET /galleries/view', 'GET /galleries/:collection']) {
      assert.ok(visitorRoutes.includes(route), `${route} is a visitor route`);
    }
    const user = await createUser(t);
    const cookie = await login(t, user);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/gallery/collection', headers: { cookie: cookie.cookie } });
    assert.equal(res.statusCode, 401, 'a studio session is not a gallery grant');
    assert.equal(res.json().code, 'authentication_required');
  } finally {
    await t.close();
  }
});
