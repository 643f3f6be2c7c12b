// Issue #18, the studio app: a collection's status (draft, published, expired; a draft refuses its visitors, even those
// signed in, and publishing lets them back) and its activity (visits, favorites and downloads per day, every day of
// the window present; the latest events with who; the totals the dashboard shows).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { housekeeping } from '../../src/main.ts';
import { createCollection, createGallery, studioSession, uploadOne, visitorLogin, type StudioSession } from '../helpers/gallery.ts';

const PASSWORD = 'lanterns by the lake';
const ANN = 'ann@example.test';
const BOB = 'bob@example.test';
const DAY = 86_400;

async function patch(t: TestApp, s: StudioSession, id: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${id}`, headers: s.headers, payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data;
}

describe('collection status', () => {
  test('published by default; a draft refuses visitors with the right password (403), tells a wrong one nothing, and shuts out those signed in', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t);
      const c = await createCollection(t, s, { password: PASSWORD });
      assert.equal(c.status, 'published');
      const g = await createGallery(t, s, c.id);
      await uploadOne(t, s, g.id);
      const inside = await visitorLogin(t, { email: ANN, collection: c.slug, password: PASSWORD });
      const look = async (): Promise<number> => (await t.app.inject({ method: 'GET', url: '/api/v1/gallery/collection', headers: inside.headers })).statusCode;
      assert.equal(await look(), 200);

      assert.equal((await patch(t, s, c.id, { status: 'draft' })).status, 'draft');
      assert.equal(await look(), 401, 'a visitor already in is shut out at once');
      const login = (password: string): Promise<Awaited<ReturnType<TestApp['app']['inject']>>> => t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: BOB, collection: c.slug, password } });
      const right = await login(PASSWORD);
      assert.deepEqual([right.statusCode, right.json().code], [403, 'collection_unpublished']);
      const wrong = await login('not the password');
      assert.deepEqual([wrong.statusCode, wrong.json().code], [401, 'invalid_credentials'], 'a wrong password learns nothing about the draft');

      assert.equal((await patch(t, s, c.id, { status: 'published' })).status, 'published');
      assert.equal(await look(), 200, 'publishing again lets the signed-in visitor back');
      assert.equal((await login(PASSWORD)).statusCode, 201);

      const bad = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${c.id}`, headers: s.headers, payload: { status: 'hidden' } });
      assert.equal(bad.statusCode, 422);
      const past = await createCollection(t, s, { name: 'Last year', expiry_date: '2025-01-31' });
      assert.equal(past.status, 'expired');
      const draft = await createCollection(t, s, { name: 'Not yet', status: 'draft', expiry_date: '2025-01-31' });
      assert.equal(draft.status, 'draft', 'a draft stays a draft whatever its expiry');
    } finally {
      await t.close();
    }
  });
});

describe('collection activity: GET /api/v1/collections/{id}/activity', () => {
  test('visits, favorites and downloads by day with zeros filled, the latest events with who, and the totals', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t, { studio: 'Activity Studio' });
      const c = await createCollection(t, s, { password: PASSWORD, downloadable: 'original' });
      const g = await createGallery(t, s, c.id);
      const photo = await uploadOne(t, s, g.id, undefined, 'IMG_0412.jpg');
      const get = (query = ''): Promise<Awaited<ReturnType<TestApp['app']['inject']>>> => t.app.inject({ method: 'GET', url: `/api/v1/collections/${c.id}/activity${query}`, headers: s.headers });

      const empty = (await get()).json().data;
      assert.equal(empty.series.length, 30, 'every day of the default window');
      assert.deepEqual(empty.totals, { visits: 0, favorites: 0, downloads: 0 });
      assert.deepEqual(empty.recent, []);

      const ann = await visitorLogin(t, { email: ANN, collection: c.slug, password: PASSWORD });
      await visitorLogin(t, { email: ANN, collection: c.slug, password: PASSWORD });
      const fav = await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers: ann.headers, payload: { photo_id: photo.id } });
      assert.ok(fav.statusCode < 300, fav.body);
      t.clock.advance(2 * DAY);
      const bob = await visitorLogin(t, { email: BOB, collection: c.slug, password: PASSWORD });
      const dl = await t.app.inject({ method: 'GET', url: `/api/v1/gallery/photos/${photo.id}/original`, headers: bob.headers });
      assert.equal(dl.statusCode, 200);

      const res = await get('?days=7');
      assert.equal(res.statusCode, 200, res.body);
      const a = res.json().data;
      assert.equal(a.days, 7);
      assert.equal(a.series.length, 7);
      const today = new Date(t.clock.now()).toISOString().slice(0, 10);
      const twoDaysAgo = new Date(t.clock.now() - 2 * DAY * 1000).toISOString().slice(0, 10);
      assert.equal(a.series[6].date, today, 'oldest first, ending today');
      assert.deepEqual(a.series.find((d: { date: string }) => d.date === twoDaysAgo), { date: twoDaysAgo, visits: 2, favorites: 1, downloads: 0 });
      assert.deepEqual(a.series[6], { date: today, visits: 1, favorites: 0, downloads: 1 });
      assert.equal(a.series.filter((d: { visits: number; favorites: number; downloads: number }) => d.visits + d.favorites + d.downloads === 0).length, 5, 'quiet days are zeros');
      assert.deepEqual(a.totals, { visits: 3, favorites: 1, downloads: 1 });
      assert.deepEqual(a.recent.filter((e: { kind: string }) => e.kind !== 'visit').map((e: { kind: string; email: string; filename: string | null }) => [e.kind, e.email, e.filename]),
        [['download', BOB, 'IMG_0412.jpg'], ['favorite', ANN, 'IMG_0412.jpg']], 'who did what to which photo');
      assert.deepEqual(a.recent.slice(0, 2).map((e: { kind: string; email: string }) => e.email), [BOB, BOB], 'newest first: Bob, two days later');
      assert.deepEqual(a.recent.map((e: { kind: string }) => e.kind).sort(), ['download', 'favorite', 'visit', 'visit', 'visit']);
      assert.equal(a.recent.find((e: { kind: string }) => e.kind === 'download').size, 'original');
      assert.deepEqual((await get('?days=1')).json().data.totals, { visits: 1, favorites: 0, downloads: 1 }, 'the window bounds the counts');

      assert.equal((await get('?days=0')).statusCode, 422);
      assert.equal((await get('?days=400')).statusCode, 422);
      const other = await studioSession(t);
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/collections/${c.id}/activity`, headers: other.headers })).statusCode, 404);
      const viewer = await studioSession(t, { studio: 'Activity Studio', role: 'viewer' });
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/collections/${c.id}/activity`, headers: viewer.headers })).statusCode, 200, 'a viewer may read it');

      const totals = await t.store.galleryActivity.activityTotals([c.id, 'co_nothingHereAtAll0000000']);
      assert.deepEqual(totals.get(c.id), { visits: 3, favorites: 1, downloads: 1 }, 'the dashboard totals');
      assert.deepEqual(totals.get('co_nothingHereAtAll0000000'), { visits: 0, favorites: 0, downloads: 0 });

      // A year on, the housekeeping drops the visit rows the longest window (365 days) no longer reaches; the
      // visitors' own counts, the favorites and the downloads stay.
      t.clock.advance(363 * DAY);
      const visitDays = async (): Promise<number[]> => (await t.store.galleryActivity.activityByDay(c.id, 0)).filter((d) => d.visits > 0).map((d) => d.visits);
      assert.deepEqual(await visitDays(), [2, 1]);
      await housekeeping(t.deps);
      assert.deepEqual(await visitDays(), [1], "Ann's two visits, 365 days ago, are gone; Bob's, 363 days ago, stays");
      const later = await studioSession(t, { studio: 'Activity Studio', role: 'viewer' }); // the first session has long expired
      const yearRes = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${c.id}/activity?days=365`, headers: later.headers });
      assert.equal(yearRes.statusCode, 200, yearRes.body);
      const year = yearRes.json().data;
      assert.deepEqual(year.totals, { visits: 1, favorites: 0, downloads: 1 }, "Ann's favorite is as old as her visits, outside the window");
      assert.deepEqual((await t.store.galleryActivity.activityTotals([c.id])).get(c.id), { visits: 3, favorites: 1, downloads: 1 });
    } finally {
      await t.close();
    }
  });
});
