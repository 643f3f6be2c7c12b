// Studio API clients list (issue #4): pagination edges, links, the types filter and `q` search with literal wildcards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { apiAs, type ApiCall } from '../helpers/studio-api.ts';
import { createClient } from '../../src/api/clients/service.ts';

describe('clients list: pagination, types filter and search', () => {
  let t: TestApp;
  let api: ApiCall;
  let studioId: string;
  const ids: string[] = [];

  before(async () => {
    t = await buildTestApp();
    const owner = await createUser(t, { studio: 'List Studio', role: 'owner' });
    studioId = owner.studioId ?? '';
    api = apiAs(t, await login(t, owner));
    const deps = { store: t.store, clock: t.clock };
    for (let i = 0; i < 30; i++) {
      t.clock.advance(1);
      const type = i % 3 === 0 ? 'lead' : i % 3 === 1 ? 'client' : 'other';
      ids.push((await createClient(deps, studioId, { email: `person${i}@example.test`, firstName: `Person${i}`, lastName: 'Plain', type })).id);
    }
    t.clock.advance(1);
    await createClient(deps, studioId, { email: 'percent@example.test', firstName: 'Hundred', lastName: '100% Real', type: 'client' });
    await createClient(deps, studioId, { email: 'a_b@example.test', firstName: 'Under', lastName: 'Score', type: 'lead' });
    await createClient(deps, studioId, { email: 'axb@example.test', firstName: 'Ex', lastName: 'Wildcard', type: 'lead' });
    await createClient(deps, studioId, { email: 'emile@example.test', firstName: 'ÉMILE', lastName: 'Zola', type: 'other' });
    await createClient(deps, studioId, { email: 'back@example.test', firstName: 'Back', lastName: 'Sl\\ash', type: 'other' });
  });
  after(async () => {
    await t.close();
  });

  const TOTAL = 35;

  test('default page: 25 items, meta and links', async () => {
    const res = await api('GET', '/api/v1/clients/');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.data.length, 25);
    assert.deepEqual(body.meta, { current_page: 1, per_page: 25, total: TOTAL, total_pages: 2 });
    assert.deepEqual(body.links, { next: '/api/v1/clients/?page=2&per_page=25', prev: null });
    // Newest first.
    assert.equal(body.data[5].id, ids[29]);
  });

  test('pages partition the list; the last page links back', async () => {
    const first = (await api('GET', '/api/v1/clients/?per_page=10')).json();
    const seen = new Set<string>();
    let url: string | null = '/api/v1/clients/?per_page=10';
    let pages = 0;
    while (url !== null) {
      const body = (await api('GET', url)).json() as { data: Array<{ id: string }>; links: { next: string | null; prev: string | null } };
      for (const c of body.data) seen.add(c.id);
      pages++;
      url = body.links.next;
      if (pages === 4) {
        assert.equal(body.data.length, 5);
        assert.deepEqual(body.links, { next: null, prev: '/api/v1/clients/?page=3&per_page=10' });
      }
    }
    assert.equal(pages, 4);
    assert.equal(seen.size, TOTAL);
    assert.equal(first.meta.total_pages, 4);
  });

  test('a page beyond the last is empty with correct meta', async () => {
    const body = (await api('GET', '/api/v1/clients/?page=9&per_page=10')).json();
    assert.deepEqual(body.data, []);
    assert.deepEqual(body.meta, { current_page: 9, per_page: 10, total: TOTAL, total_pages: 4 });
    assert.deepEqual(body.links, { next: null, prev: '/api/v1/clients/?page=4&per_page=10' });
  });

  test('per_page bounds: 0 and 101 are 422, 100 is fine; bad page values are 422', async () => {
    for (const q of ['per_page=0', 'per_page=101', 'per_page=-1', 'per_page=abc', 'page=0', 'page=-2', 'page=1.5', 'page=x']) {
      const body = assertJsonError(await api('GET', `/api/v1/clients/?${q}`), 422, 'validation_failed');
      assert.ok(body.details, q);
    }
    const all = (await api('GET', '/api/v1/clients/?per_page=100')).json();
    assert.equal(all.data.length, TOTAL);
    assert.deepEqual(all.meta, { current_page: 1, per_page: 100, total: TOTAL, total_pages: 1 });
    assert.deepEqual(all.links, { next: null, prev: null });
  });

  test('types filter', async () => {
    const leads = (await api('GET', '/api/v1/clients/?types=lead&per_page=100')).json();
    assert.ok(leads.data.length > 0);
    assert.ok(leads.data.every((c: { type: string }) => c.type === 'lead'));
    assert.equal(leads.meta.total, 12);
    const both = (await api('GET', '/api/v1/clients/?types=client,lead&per_page=100')).json();
    assert.ok(both.data.every((c: { type: string }) => c.type === 'client' || c.type === 'lead'));
    assert.equal(both.meta.total, 23);
    const spaced = (await api('GET', '/api/v1/clients/?types=client,%20lead,lead&per_page=100')).json();
    assert.equal(spaced.meta.total, 23);
    const bad = assertJsonError(await api('GET', '/api/v1/clients/?types=client,vip'), 422, 'validation_failed');
    assert.ok((bad.details as Record<string, string>).types);
    const empty = (await api('GET', '/api/v1/clients/?types=')).json();
    assert.equal(empty.meta.total, TOTAL);
  });

  test('links keep the filters', async () => {
    const body = (await api('GET', '/api/v1/clients/?types=lead,client&q=plain&per_page=5&studio_id=st_x')).json();
    assert.ok(body.links.next);
    const next = new URL(body.links.next, 'http://x');
    assert.equal(next.pathname, '/api/v1/clients/');
    assert.equal(next.searchParams.get('types'), 'lead,client');
    assert.equal(next.searchParams.get('q'), 'plain');
    assert.equal(next.searchParams.get('page'), '2');
    assert.equal(next.searchParams.get('per_page'), '5');
    assert.equal(next.searchParams.get('studio_id'), null);
    const page2 = (await api('GET', body.links.next)).json();
    assert.equal(page2.meta.current_page, 2);
    assert.equal(page2.meta.total, body.meta.total);
    assert.ok(page2.data.every((c: { type: string; last_name: string }) => c.type !== 'other' && c.last_name === 'Plain'));
  });

  test('q searches email, first and last name, case-insensitively', async () => {
    const byLast = (await api('GET', '/api/v1/clients/?q=PLAIN&per_page=100')).json();
    assert.equal(byLast.meta.total, 30);
    const byFirst = (await api('GET', '/api/v1/clients/?q=person2')).json();
    assert.deepEqual(byFirst.data.map((c: { first_name: string }) => c.first_name).sort(), ['Person2', 'Person20', 'Person21', 'Person22', 'Person23', 'Person24', 'Person25', 'Person26', 'Person27', 'Person28', 'Person29']);
    const byEmail = (await api('GET', '/api/v1/clients/?q=PERCENT@EXAMPLE')).json();
    assert.deepEqual(byEmail.data.map((c: { email: string }) => c.email), ['percent@example.test']);
    const unicode = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('émile')}`)).json();
    assert.deepEqual(unicode.data.map((c: { first_name: string }) => c.first_name), ['ÉMILE']);
    const fullName = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('under score')}`)).json();
    assert.equal(fullName.meta.total, 1);
    const none = (await api('GET', '/api/v1/clients/?q=zzzz-nothing')).json();
    assert.deepEqual(none.data, []);
    assert.deepEqual(none.meta, { current_page: 1, per_page: 25, total: 0, total_pages: 0 });
    assert.deepEqual(none.links, { next: null, prev: null });
    const combined = (await api('GET', '/api/v1/clients/?q=example&types=other&per_page=100')).json();
    assert.equal(combined.meta.total, 12);
  });

  test('% and _ in q are literal characters, not wildcards', async () => {
    const percent = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('%')}`)).json();
    assert.deepEqual(percent.data.map((c: { email: string }) => c.email), ['percent@example.test']);
    const underscore = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('a_b')}`)).json();
    assert.deepEqual(underscore.data.map((c: { email: string }) => c.email), ['a_b@example.test']);
    const onlyUnderscore = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('_')}`)).json();
    assert.deepEqual(onlyUnderscore.data.map((c: { email: string }) => c.email), ['a_b@example.test']);
    const backslash = (await api('GET', `/api/v1/clients/?q=${encodeURIComponent('\\')}`)).json();
    assert.deepEqual(backslash.data.map((c: { email: string }) => c.email), ['back@example.test']);
    const injection = await api('GET', `/api/v1/clients/?q=${encodeURIComponent("' OR 1=1 --")}`);
    assert.equal(injection.statusCode, 200);
    assert.equal(injection.json().meta.total, 0);
  });

  test('repeated or oversized query parameters are refused', async () => {
    // Repeated parameters are parameter pollution (SECURITY-BAR R47): 400 before validation.
    assertJsonError(await api('GET', '/api/v1/clients/?q=a&q=b'), 400, 'bad_request');
    assertJsonError(await api('GET', '/api/v1/clients/?page=1&page=2'), 400, 'bad_request');
    assertJsonError(await api('GET', `/api/v1/clients/?q=${'a'.repeat(201)}`), 422, 'validation_failed');
  });
});
