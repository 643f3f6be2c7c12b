// issue #22, defect 1: with auth.requireAppKey on, the application-key gate decides on the matched route and its
// policy, not on how the request spelled its path; every /api/ route is walked, with every spelling the router accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, type TestApp } from '../helpers/app.ts';
import { createCollection, studioSession, visitorLogin } from '../helpers/gallery.ts';
import { createAppKey } from '../../src/auth/access-tokens.ts';

/** A concrete path for a route pattern: every parameter gets a well-formed id, wildcards a plain segment. */
function concrete(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? 'co_AAAAAAAAAAAAAAAAAAAAAA' : 'x')).replace(/\*$/, 'x');
}

/** The same path spelled the ways an attacker would try; find-my-way still routes some of them to the route. */
function spellings(path: string): string[] {
  const rest = path.slice('/api/'.length);
  return [
    path,
    `/%61pi/${rest}`, // percent-encoded letter in the prefix
    `/%61%70%69/${rest}`,
    `/api/${rest.replace(/^v(\d)/, '%76$1')}`, // percent-encoded letter after the prefix
    `//api/${rest}`, // double slash
    `/api//${rest}`,
    `${path}/`, // trailing slash (ignoreTrailingSlash)
    `/./api/${rest}`,
    `/x/../api/${rest}`,
  ];
}

interface Walked {
  method: string;
  url: string;
  access: string;
  docs: boolean;
}

function apiRoutes(t: TestApp): Walked[] {
  return t.app.routeTable
    .filter((r) => r.url.startsWith('/api/'))
    .map((r) => {
      const policy = r.policy as { access: string; docs?: boolean };
      return { method: r.method, url: r.url, access: policy.access, docs: policy.docs === true };
    });
}

/** A studio owner logged in through the login page (pages need no key), with an application key made in the store. */
async function keyedOwner(t: TestApp): Promise<{ cookie: string; csrf: string; key: string }> {
  const u = await createUser(t, { studio: `Gate ${Date.now()}` });
  const page = await t.app.inject({ method: 'POST', url: '/login', payload: { email: u.email, password: u.password } });
  assert.equal(page.statusCode, 200, page.body);
  const cookie = (page.headers['set-cookie'] as string[]).map((c) => c.split(';')[0]).join('; ');
  const { key } = await createAppKey(t.store, t.clock, { studioId: u.studioId as string, createdBy: u.id, name: 'gate test' });
  return { cookie, csrf: (page.json() as { csrf_token: string }).csrf_token, key };
}

function inject(t: TestApp, method: string, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: method as 'GET', url, headers });
}

test('R34 app key gate: every /api/ route but the docs and the visitor API refuses a request without X-Api-Key, in every spelling', async () => {
  const t = await buildTestApp({ auth: { requireAppKey: true } });
  try {
    const routes = apiRoutes(t).filter((r) => !r.docs && r.access !== 'visitor');
    assert.ok(routes.length >= 40, `walked ${routes.length} studio API routes`);
    const reachedWithoutKey: string[] = [];
    let routedSpellings = 0;
    for (const route of routes) {
      for (const url of spellings(concrete(route.url))) {
        const res = await inject(t, route.method, url);
        assert.ok(res.statusCode < 500, `${route.method} ${url}: ${res.statusCode} ${res.body}`);
        if (res.statusCode === 404 && (route.method === 'HEAD' || res.body.includes('route_not_found'))) continue; // the router did not take this spelling
        if (res.statusCode === 405 || (res.statusCode === 400 && res.body.includes('invalid_url'))) continue;
        routedSpellings++;
        const code = route.method === 'HEAD' ? (res.statusCode === 401 ? 'api_key_required' : String(res.statusCode)) : (res.json() as { code?: string }).code;
        if (res.statusCode !== 401 || code !== 'api_key_required') reachedWithoutKey.push(`${route.method} ${url} (route ${route.url}): ${res.statusCode} ${code}`);
      }
    }
    assert.deepEqual(reachedWithoutKey, [], 'no spelling of an API path reaches its route without the key');
    assert.ok(routedSpellings > routes.length, `the walk covered re-spelled paths the router accepts too (${routedSpellings} routed requests)`);
  } finally {
    await t.close();
  }
});

test('R34 app key gate: an encoded path with a valid studio session still needs the key; with the key it works', async () => {
  const t = await buildTestApp({ auth: { requireAppKey: true } });
  try {
    const s = await keyedOwner(t);
    for (const url of ['/%61pi/auth/me', '/%61%70%69/v1/clients', '/api/%761/clients', '/api/v1/clients/']) {
      const res = await inject(t, 'GET', url, { cookie: s.cookie });
      assert.equal(res.statusCode, 401, `${url}: ${res.statusCode} ${res.body}`);
      assert.equal(res.json().code, 'api_key_required', url);
    }
    assert.equal((await inject(t, 'GET', '/%61pi/v1/clients', { cookie: s.cookie, 'x-api-key': s.key })).statusCode, 200);
    const wrong = await inject(t, 'GET', '/%61pi/v1/clients', { cookie: s.cookie, 'x-api-key': 'lbx_app_nope' });
    assert.equal(wrong.json().code, 'invalid_api_key');
  } finally {
    await t.close();
  }
});

test('R34 app key gate: the visitor API is exempt by decision (SECURITY.md), and still needs its own visitor session', async () => {
  const t = await buildTestApp({ auth: { requireAppKey: true } });
  try {
    const visitorRoutes = apiRoutes(t).filter((r) => r.access === 'visitor');
    assert.ok(visitorRoutes.length >= 8, `walked ${visitorRoutes.length} visitor API routes`);
    for (const route of visitorRoutes) {
      for (const url of spellings(concrete(route.url))) {
        const res = await inject(t, route.method, url);
        if (res.statusCode === 404 && (route.method === 'HEAD' || res.body.includes('route_not_found'))) continue;
        assert.equal(res.statusCode, 401, `${route.method} ${url}: ${res.statusCode} ${res.body}`);
        if (route.method !== 'HEAD') assert.equal(res.json().code, 'authentication_required', `${route.method} ${url}`);
      }
    }
    // A real visitor, who has no studio key, opens the collection the gallery pages show.
    const s = await keyedOwner(t);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'x-api-key': s.key }, payload: { name: 'Wedding' } });
    assert.equal(created.statusCode, 201, created.body);
    const collection = created.json().data as { slug: string };
    const v = await visitorLogin(t, { email: 'guest@example.com', collection: collection.slug });
    assert.equal((await inject(t, 'GET', '/api/v1/gallery/collection', { cookie: v.cookie })).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('without requireAppKey nothing asks for a key (the gate is off by default)', async () => {
  const t = await buildTestApp();
  try {
    const s = await studioSession(t);
    await createCollection(t, s, { name: 'Open' });
    assert.equal((await inject(t, 'GET', '/api/v1/collections', { cookie: s.cookie })).statusCode, 200);
  } finally {
    await t.close();
  }
});
