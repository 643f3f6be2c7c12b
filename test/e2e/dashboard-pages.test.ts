// The studio dashboard (`/`) over many collections: the search and the sort run over every collection of the studio
// (none left out past a cap), then the cards come a page at a time, with Previous and Next links that keep both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { studioSession, type StudioSession } from '../helpers/gallery.ts';
import { DASHBOARD_PAGE_SIZE } from '../../src/web/dashboard-page.ts';

const FIELDS = { description: '', coverPhotoId: null, expiresAt: null, downloadable: 'web-size' as const, passwordHash: null };

async function home(t: TestApp, s: StudioSession, query = ''): Promise<{ ids: string[]; summary: string; prev: string | null; next: string | null; current: string }> {
  const res = await t.app.inject({ method: 'GET', url: `/${query}`, headers: { cookie: s.cookie, accept: 'text/html' } });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  const body = res.body;
  const attr = (id: string): string | null => new RegExp(`<a href="([^"]*)" rel="\\w+" id="${id}"`).exec(body)?.[1]?.replace(/&amp;/g, '&') ?? null;
  return {
    ids: [...body.matchAll(/<li class="collection-card" data-collection="([^"]+)"/g)].map((m) => m[1] as string),
    summary: /id="collection-summary"[^>]*>([^<]*)</.exec(body)?.[1] ?? '',
    prev: attr('page-prev'),
    next: attr('page-next'),
    current: /id="page-position">([^<]*)</.exec(body)?.[1] ?? '',
  };
}

test('a studio with more collections than a page: every one is searched and sorted, then shown a page at a time', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const other = await studioSession(t);
  const count = DASHBOARD_PAGE_SIZE * 2 + 5;
  const made: string[] = [];
  for (let i = 1; i <= count; i++) {
    const c = await t.store.collections.createCollection(s.studioId, { ...FIELDS, name: `Album ${String(i).padStart(3, '0')}`, slug: `album-${i}`, eventDate: null }, i);
    made.push(c.id);
  }
  // Created before every album: at the same instant as one, the order of the two would be their random ids'.
  const umlaut = await t.store.collections.createCollection(s.studioId, { ...FIELDS, name: 'Über Hochzeit', slug: 'ueber', eventDate: '2026-05-01' }, 0);
  await t.store.collections.createCollection(other.studioId, { ...FIELDS, name: 'Album of another studio', slug: 'theirs', eventDate: null }, 500);
  const newestFirst = [...made].reverse();
  const all = count + 1;

  const first = await home(t, s);
  assert.deepEqual(first.ids, newestFirst.slice(0, DASHBOARD_PAGE_SIZE), 'the newest collections first, one page of them');
  assert.equal(first.summary, `${all} collections (1–${DASHBOARD_PAGE_SIZE} shown)`);
  assert.equal(first.current, 'Page 1 of 3');
  assert.equal(first.prev, null);
  assert.equal(first.next, '/?page=2');

  const last = await home(t, s, '?page=3');
  assert.deepEqual(last.ids, [...newestFirst.slice(DASHBOARD_PAGE_SIZE * 2), umlaut.id], 'the oldest come last, the other studio\'s never');
  assert.equal(last.summary, `${all} collections (${DASHBOARD_PAGE_SIZE * 2 + 1}–${all} shown)`);
  assert.deepEqual([last.prev, last.next], ['/?page=2', null]);
  assert.deepEqual((await home(t, s, '?page=99')).ids, last.ids, 'past the end: the last page');
  assert.deepEqual((await home(t, s, '?page=abc')).ids, first.ids, 'not a number: the first page');

  // The sort runs over all of them, before paging: by name, "Über" sorts after every "Album" (collation, not bytes).
  const byName = await home(t, s, '?sort=name&page=3');
  assert.equal(byName.ids.at(-1), umlaut.id);
  assert.equal(byName.ids[0], made[DASHBOARD_PAGE_SIZE * 2], 'page 3 by name starts at the 97th album');
  assert.deepEqual([byName.prev, byName.next], ['/?sort=name&page=2', null], 'the links keep the sort');
  assert.equal((await home(t, s, '?sort=event')).ids[0], umlaut.id, 'by event date, the one with a date first');

  // The search too, Unicode-aware whatever the backend: "über" finds "Über".
  const found = await home(t, s, `?q=${encodeURIComponent('über')}`);
  assert.deepEqual(found.ids, [umlaut.id]);
  assert.equal(found.summary, '1 collection matching “über”');
  assert.equal(found.current, '', 'one page: no pager');
  const many = await home(t, s, '?q=album&page=2');
  assert.equal(many.summary, `${count} collections matching “album” (${DASHBOARD_PAGE_SIZE + 1}–${DASHBOARD_PAGE_SIZE * 2} shown)`);
  assert.deepEqual([many.prev, many.next], ['/?q=album', '/?q=album&page=3'], 'the links keep the search');
}));

test('the JSON list searches and sorts the same way as the dashboard, over every collection, and keeps both in its links', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const other = await studioSession(t);
  const names = ['Album 10', 'album 9', 'Über Hochzeit', 'Harbour Wedding', 'Zoo day'];
  const made = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    const c = await t.store.collections.createCollection(s.studioId, { ...FIELDS, name, slug: `c-${i}`, eventDate: name === 'Zoo day' ? '2026-07-01' : name === 'album 9' ? '2025-01-01' : null }, 10 + i);
    made.set(c.id, name);
  }
  await t.store.collections.createCollection(other.studioId, { ...FIELDS, name: 'Album of another studio', slug: 'theirs', eventDate: null }, 99);
  const list = async (query: string): Promise<{ names: string[]; meta: Record<string, number>; links: { next: string | null; prev: string | null } }> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/collections${query}`, headers: { ...s.headers, accept: 'application/json' } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    return { names: body.data.map((c: { name: string }) => c.name), meta: body.meta, links: body.links };
  };

  assert.deepEqual((await list('')).names, [...names].reverse(), 'no search: newest first, as before');
  const albums = await list('?q=ALBUM&sort=name&per_page=1');
  assert.deepEqual([albums.names, albums.meta.total, albums.meta.total_pages], [['album 9'], 2, 2], 'case ignored, numbers in order, the other studio\'s never');
  assert.equal(albums.links.next, '/api/v1/collections?q=ALBUM&sort=name&page=2&per_page=1', 'the next link keeps the search and the sort');
  assert.deepEqual((await list(albums.links.next!.replace('/api/v1/collections', ''))).names, ['Album 10']);
  assert.deepEqual((await list(`?q=${encodeURIComponent('über')}`)).names, ['Über Hochzeit'], 'Unicode-aware on every backend');
  assert.deepEqual((await list('?q=c-3')).names, ['Harbour Wedding'], 'the slug matches too');
  assert.deepEqual((await list('?sort=event')).names, ['Zoo day', 'album 9', 'Harbour Wedding', 'Über Hochzeit', 'Album 10'], 'latest event first, those without one newest first');
  assert.deepEqual((await list('?sort=name')).names, ['album 9', 'Album 10', 'Harbour Wedding', 'Über Hochzeit', 'Zoo day'], 'by name: the collation, not bytes');
  const nothing = await list('?q=nothing-like-this');
  assert.deepEqual([nothing.names, nothing.meta.total, nothing.links.next, nothing.links.prev], [[], 0, null, null]);

  // The dashboard finds the same ones in the same order.
  const page = await t.app.inject({ method: 'GET', url: '/?q=album&sort=name', headers: { cookie: s.cookie, accept: 'text/html' } });
  const shown = [...page.body.matchAll(/<li class="collection-card" data-collection="([^"]+)"/g)].map((m) => made.get(m[1] as string));
  assert.deepEqual(shown, ['album 9', 'Album 10']);

  for (const [query, field] of [['?sort=size', 'sort'], [`?q=${'x'.repeat(201)}`, 'q']] as const) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/collections${query}`, headers: { ...s.headers, accept: 'application/json' } });
    assert.equal(res.statusCode, 422, `${query}: ${res.body}`);
    const body = res.json();
    assert.equal(body.code, 'validation_failed');
    assert.ok(JSON.stringify(body.details ?? body.message).includes(field), res.body);
  }
}));
