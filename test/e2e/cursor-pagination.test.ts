// Cursor pagination over HTTP (issue #19): clients, photos and downloads walk by `limit` + `cursor` with every row once,
// `meta.next_cursor` null on the last page, page numbers unchanged, and a bad cursor a 422 JSON error, never a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import { createCollection, createGallery, studioSession, visitorLogin, type StudioSession } from '../helpers/gallery.ts';
import { createClient } from '../../src/api/clients/service.ts';
import { generateId } from '../../src/lib/ids.ts';
import type { PhotoRecord } from '../../src/store/types.ts';
import { FIRST_RENDITION } from '../../src/store/contract/harness.ts';

const COUNT = 23;

interface Walked {
  ids: string[];
  pages: Array<Record<string, unknown>>;
}

describe('cursor pagination', () => {
  let t: TestApp;
  let s: StudioSession;
  let other: StudioSession;
  let galleryId: string;
  let collectionId: string;
  let collectionSlug: string;
  const clientIds: string[] = [];
  const photoIds: string[] = [];
  const downloadIds: string[] = [];

  const get = (url: string, as: { headers: Record<string, string> } = s): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url, headers: as.headers });

  /** Follows `meta.next_cursor` from `first` until it is null; checks each page's shape on the way. */
  async function walk(first: string, as: { headers: Record<string, string> } = s): Promise<Walked> {
    const out: Walked = { ids: [], pages: [] };
    let url: string | null = first;
    while (url !== null) {
      const res = await get(url, as);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { data: Array<{ id: string }>; meta: { limit: number; next_cursor: string | null }; links: { next: string | null; prev: null } };
      assert.deepEqual(Object.keys(body.meta).sort(), ['limit', 'next_cursor']);
      assert.ok(body.data.length > 0, 'never an empty page');
      out.ids.push(...body.data.map((r) => r.id));
      out.pages.push(body);
      if (body.meta.next_cursor === null) {
        assert.equal(body.links.next, null);
        url = null;
      } else {
        assert.equal(body.data.length, body.meta.limit);
        // links.next repeats the filters and the limit, and carries the cursor.
        assert.ok(body.links.next?.startsWith(first.split('?')[0] ?? ''), String(body.links.next));
        assert.ok(body.links.next?.endsWith(`cursor=${body.meta.next_cursor}`), String(body.links.next));
        url = body.links.next;
      }
      assert.ok(out.pages.length < 100, 'the walk ends');
    }
    return out;
  }

  before(async () => {
    t = await buildTestApp();
    s = await studioSession(t);
    other = await studioSession(t);
    const collection = await createCollection(t, s);
    collectionId = collection.id;
    collectionSlug = collection.slug;
    galleryId = (await createGallery(t, s, collectionId)).id;
    // Every row at the same injected clock time: only the id orders them.
    const deps = { store: t.store, clock: t.clock };
    for (let i = 0; i < COUNT; i++) clientIds.push((await createClient(deps, s.studioId, { email: `p${i}@example.test`, type: i % 2 === 0 ? 'lead' : 'client' })).id);
    await createClient(deps, other.studioId, { email: 'someone@example.test' });
    const now = t.clock.now();
    const photos: PhotoRecord[] = Array.from({ length: COUNT }, (_, i) => ({
      id: generateId('ph'), studioId: s.studioId, collectionId, galleryId, filename: `${i}.jpg`, contentType: 'image/jpeg',
      size: 1, width: 1, height: 1, takenAt: null, sha256: `sha${i}`, thumbnailSize: 1, webSize: 1, dominantColor: null, createdAt: now, ...FIRST_RENDITION, position: now,
    }));
    await t.store.photos.insertPhotos(photos);
    photoIds.push(...photos.map((p) => p.id));
    for (let i = 0; i < COUNT; i++) {
      const id = generateId('dl');
      downloadIds.push(id);
      await t.store.galleryActivity.recordDownload({ id, studioId: s.studioId, collectionId, photoId: photos[0]!.id, email: 'v@example.test', size: 'web-size', bytes: 1, createdAt: now });
    }
  });
  after(async () => {
    await t.close();
  });

  const sortedDesc = (ids: string[]): string[] => [...ids].sort().reverse();

  test('clients: limit alone starts a walk; every client once, newest first then by id; filters carried', async () => {
    const walked = await walk('/api/v1/clients/?limit=5');
    assert.deepEqual(walked.ids, sortedDesc(clientIds), 'equal times: id order, none skipped or repeated');
    assert.deepEqual(walked.pages.map((p) => (p.data as unknown[]).length), [5, 5, 5, 5, 3]);
    const leads = await walk('/api/v1/clients/?types=lead&limit=4');
    assert.deepEqual(leads.ids, sortedDesc(clientIds.filter((_, i) => i % 2 === 0)));
    assert.match(String((leads.pages[0]!.links as { next: string }).next), /^\/api\/v1\/clients\/\?types=lead&limit=4&cursor=/);
  });

  test('a page that ends the list exactly has next_cursor null (no empty page after it)', async () => {
    const first = await get('/api/v1/clients/?limit=23');
    assert.deepEqual(first.json().meta, { limit: 23, next_cursor: null });
    const more = await get('/api/v1/clients/?limit=22');
    assert.equal(typeof more.json().meta.next_cursor, 'string');
  });

  test('photos (studio and visitor) oldest first, downloads newest first, each row once', async () => {
    assert.deepEqual((await walk(`/api/v1/galleries/${galleryId}/photos?limit=6`)).ids, [...photoIds].sort());
    assert.deepEqual((await walk(`/api/v1/collections/${collectionId}/downloads?limit=7`)).ids, sortedDesc(downloadIds));
    const visitor = await visitorLogin(t, { email: 'v@example.test', collection: collectionSlug });
    assert.deepEqual((await walk(`/api/v1/gallery/galleries/${galleryId}/photos?limit=10`, visitor)).ids, [...photoIds].sort());
  });

  test('page numbers work exactly as before', async () => {
    const res = await get('/api/v1/clients/?page=2&per_page=10');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().meta, { current_page: 2, per_page: 10, total: COUNT, total_pages: 3 });
    assert.deepEqual(res.json().links, { next: '/api/v1/clients/?page=3&per_page=10', prev: '/api/v1/clients/?page=1&per_page=10' });
    const byPage = [1, 2, 3].map((p) => `/api/v1/galleries/${galleryId}/photos?page=${p}&per_page=10`);
    const ids: string[] = [];
    for (const url of byPage) ids.push(...(await get(url)).json().data.map((p: { id: string }) => p.id));
    assert.deepEqual(ids, [...photoIds].sort(), 'the same total order as the cursor walk');
  });

  test('a malformed, tampered or foreign cursor is a 422 JSON error, never a 500', async () => {
    const real = (await get('/api/v1/clients/?limit=2')).json().meta.next_cursor as string;
    const [time, id] = Buffer.from(real, 'base64url').toString('utf8').split('.');
    const b64 = (text: string): string => Buffer.from(text).toString('base64url');
    const bad = [
      'not a cursor!', '%00', b64('hello'), b64(`${time}.${id}x`), b64(`-1.${id}`), b64(`${time}.${id?.replace('cl_', 'ph_')}`),
      b64(`99999999999999999.${id}`), `${real}A`, `${real}!`, `${real}==`, b64(`0${time}.${id}`), b64(`${time}.${id}\n`), 'A'.repeat(199),
    ];
    for (const cursor of bad) {
      const res = await get(`/api/v1/clients/?cursor=${encodeURIComponent(cursor)}`);
      const body = assertJsonError(res, 422, 'validation_failed');
      assert.ok(JSON.stringify(body).includes('cursor'), `${cursor}: ${res.body}`);
    }
    assertJsonError(await get(`/api/v1/clients/?cursor=${'A'.repeat(201)}`), 422, 'validation_failed');
    // A client cursor is no photo cursor, and the other way round.
    assertJsonError(await get(`/api/v1/galleries/${galleryId}/photos?cursor=${real}`), 422, 'validation_failed');
    assertJsonError(await get(`/api/v1/collections/${collectionId}/downloads?cursor=${real}`), 422, 'validation_failed');
    for (const q of ['limit=0', 'limit=101', 'limit=x', `cursor=${real}&page=2`, 'limit=5&per_page=5']) {
      assertJsonError(await get(`/api/v1/clients/?${q}`), 422, 'validation_failed');
    }
  });

  test('a well-formed cursor only positions the walk: it never reaches another studio', async () => {
    const theirs = (await get('/api/v1/clients/?limit=1', other)).json();
    assert.equal(theirs.data.length, 1);
    const forged = Buffer.from(`${Date.now() + 1e9}.${theirs.data[0].id}`).toString('base64url');
    const mine = await walk(`/api/v1/clients/?limit=10&cursor=${forged}`);
    assert.deepEqual(mine.ids, sortedDesc(clientIds));
  });
});
