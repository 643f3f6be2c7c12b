// The role matrix of issue #4 seen from outside: owner/admin/member/viewer × the Studio API's read and write routes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { apiAs, FORBIDDEN_BODY, type ApiCall, type Method } from '../helpers/studio-api.ts';
import { createClient } from '../../src/api/clients/service.ts';
import type { Role } from '../../src/store/schema.ts';
import { withoutRequestId } from '../helpers/http.ts';

const ROLES: readonly Role[] = ['owner', 'admin', 'member', 'viewer'];

interface Case {
  name: string;
  allowed: readonly Role[];
  /** Builds the request; runs once per role, so writes get fresh targets. */
  request: () => Promise<{ method: Method; url: string; body?: unknown; verify?: () => Promise<void> }>;
}

describe('role matrix on the Studio API', () => {
  let t: TestApp;
  let studioId: string;
  const callers = new Map<Role, ApiCall>();
  let counter = 0;

  const newClient = async (): Promise<string> => {
    counter++;
    return (await createClient({ store: t.store, clock: t.clock }, studioId, { email: `matrix${counter}@example.test`, firstName: 'Orig' })).id;
  };
  const newNotification = async (): Promise<string> =>
    (await t.store.notifications.createNotification({ studioId, kind: 'collection_viewed', message: 'A client opened a collection', data: {}, now: t.clock.now() })).id;

  before(async () => {
    t = await buildTestApp();
    for (const role of ROLES) {
      const user = await createUser(t, { studio: 'Matrix Studio', role });
      studioId = user.studioId ?? '';
      callers.set(role, apiAs(t, await login(t, user)));
    }
  });
  after(async () => {
    await t.close();
  });

  const READERS = ROLES;
  const WRITERS: readonly Role[] = ['owner', 'admin', 'member'];
  const MANAGERS: readonly Role[] = ['owner', 'admin'];

  const cases: Case[] = [
    { name: 'list clients', allowed: READERS, request: async () => ({ method: 'GET', url: '/api/v1/clients/' }) },
    { name: 'get client', allowed: READERS, request: async () => ({ method: 'GET', url: `/api/v1/clients/${await newClient()}` }) },
    {
      name: 'create client', allowed: WRITERS,
      request: async () => {
        const email = `created${++counter}@example.test`;
        return { method: 'POST', url: '/api/v1/clients/', body: { email }, verify: async () => {
          const found = await t.store.clients.listClients(studioId, { types: null, search: email }, { limit: 5, offset: 0 });
          assert.equal(found.total, 0, 'a refused create stores nothing');
        } };
      },
    },
    ...(['PUT', 'PATCH'] as const).map((method): Case => ({
      name: `${method} client`, allowed: WRITERS,
      request: async () => {
        const id = await newClient();
        return { method, url: `/api/v1/clients/${id}`, body: { email: `changed${++counter}@example.test`, first_name: 'Changed' }, verify: async () => {
          assert.equal((await t.store.clients.findClient(studioId, id))?.firstName, 'Orig');
        } };
      },
    })),
    {
      name: 'delete client', allowed: WRITERS,
      request: async () => {
        const id = await newClient();
        return { method: 'DELETE', url: `/api/v1/clients/${id}`, verify: async () => {
          assert.ok(await t.store.clients.findClient(studioId, id), 'a refused delete deletes nothing');
        } };
      },
    },
    { name: 'list notifications', allowed: READERS, request: async () => ({ method: 'GET', url: '/api/v1/notifications/all' }) },
    {
      name: 'mark notification read', allowed: WRITERS,
      request: async () => {
        const id = await newNotification();
        return { method: 'POST', url: `/api/v1/notifications/${id}/read`, verify: async () => {
          assert.equal((await t.store.notifications.findNotification(studioId, id))?.readAt, null);
        } };
      },
    },
    { name: 'read settings', allowed: READERS, request: async () => ({ method: 'GET', url: '/api/v1/studio/settings' }) },
    {
      name: 'change settings', allowed: MANAGERS,
      request: async () => {
        const currency = ['EUR', 'GBP', 'JPY', 'CAD', 'AUD'][++counter % 5] ?? 'EUR';
        return { method: 'PATCH', url: '/api/v1/studio/settings', body: { currency }, verify: async () => {
          assert.notEqual((await t.store.studioSettings.findStudioSettings(studioId))?.currency, currency, 'a refused change changes nothing');
        } };
      },
    },
    { name: 'bootstrap', allowed: READERS, request: async () => ({ method: 'GET', url: '/api/v1/data/bootstrap' }) },
  ];

  for (const c of cases) {
    for (const role of ROLES) {
      const allowed = c.allowed.includes(role);
      test(`${role} ${allowed ? 'may' : 'may not'} ${c.name}`, async () => {
        const call = callers.get(role);
        assert.ok(call);
        const { method, url, body, verify } = await c.request();
        const res = await call(method, url, body);
        if (allowed) {
          assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${role} ${method} ${url} → ${res.statusCode} ${res.body}`);
        } else {
          assert.equal(res.statusCode, 403, `${role} ${method} ${url} → ${res.statusCode} ${res.body}`);
          assert.deepEqual(withoutRequestId(res.json()), FORBIDDEN_BODY);
          await verify?.();
        }
      });
    }
  }

  test('a permission check comes before id and body checks (no oracle for viewers)', async () => {
    const viewer = callers.get('viewer');
    assert.ok(viewer);
    for (const [method, url, body] of [['PATCH', '/api/v1/clients/not-an-id', { email: 'bad' }], ['DELETE', '/api/v1/clients/cl_AAAAAAAAAAAAAAAAAAAAAA', undefined], ['POST', '/api/v1/clients/', { nonsense: true }]] as const) {
      const res = await viewer(method, url, body);
      assert.equal(res.statusCode, 403);
      assert.deepEqual(withoutRequestId(res.json()), FORBIDDEN_BODY);
    }
  });

  test('a user without a studio cannot reach studio data', async () => {
    const loner = await createUser(t);
    const call = apiAs(t, await login(t, loner));
    for (const [method, url, body] of [['GET', '/api/v1/clients/', undefined], ['POST', '/api/v1/clients/', { email: 'x@example.test' }], ['GET', '/api/v1/studio/settings', undefined]] as const) {
      const res = await call(method, url, body);
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.deepEqual(withoutRequestId(res.json()), FORBIDDEN_BODY);
    }
  });

  test('every Studio API route declares an authenticated policy with a permission', () => {
    const mine = t.app.routeTable.filter((r) => /^\/api\/v1\/(clients|notifications|studio|data)\b/.test(r.url) && r.method !== 'HEAD');
    assert.ok(mine.length >= 10, JSON.stringify(mine));
    for (const r of mine) {
      const policy = r.policy as { access?: string; permission?: string } | undefined;
      assert.equal(policy?.access, 'authenticated', `${r.method} ${r.url}`);
      assert.equal(typeof policy?.permission, 'string', `${r.method} ${r.url}`);
    }
  });
});
