// issue #2: every registered route declares an auth policy; this walk fails as soon as one does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RegisteredRoute } from '../../src/http/kernel.ts';
import { PERMISSIONS } from '../../src/auth/permissions.ts';
import { buildTestApp } from '../helpers/app.ts';

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

test('the walk catches a route added without a policy (and one with a bogus policy)', async () => {
  const t = await buildTestApp({}, {
    extraRoutes: (app) => {
      app.get('/api/v1/forgotten', async () => ({ secret: true }));
      app.post('/api/v1/typo', { config: { policy: { access: 'authenticated', permission: 'nope:nope' } } as never }, async () => ({}));
      app.route({ method: ['PUT', 'DELETE'], url: '/api/v1/also-forgotten/:id', handler: async () => ({}) });
    },
  });
  try {
    const problems = undeclared(t.app.routeTable);
    assert.deepEqual(problems.sort(), [
      'DELETE /api/v1/also-forgotten/:id: no config.policy',
      'GET /api/v1/forgotten: no config.policy',
      'HEAD /api/v1/forgotten: no config.policy',
      'POST /api/v1/typo: authenticated without a known permission',
      'PUT /api/v1/also-forgotten/:id: no config.policy',
    ]);
    // Why it matters: a route without a policy skips authentication entirely.
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/forgotten' });
    assert.equal(res.statusCode, 200);
  } finally {
    await t.close();
  }
});
