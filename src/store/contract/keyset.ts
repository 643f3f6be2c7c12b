// Contract suite for keyset (cursor) pages of clients, photos and downloads: a walk returns every row exactly once,
// in the list's total order (time, then id), however many rows share one timestamp; other scopes never show.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientFields, KeysetCursor, PhotoRecord, Store } from '../types.ts';
import { FIRST_RENDITION, addStudio, withStore, type StoreFactory } from './harness.ts';

const CLIENT: ClientFields = { email: 'x@example.test', firstName: 'X', lastName: 'Y', phone: null, type: 'client', statusName: null, notes: null };
const ALL = { types: null, search: null };
/** Most rows at one instant (the injected clock did not move), a few either side of it. */
const TIMES = [...Array.from({ length: 30 }, () => 1000), 999, 999, 998, 1001, 1001, 1002, 997, 1000, 1000, 1003];

type Page<R> = (after: KeysetCursor | null, limit: number) => Promise<R[]>;

/** Follows pages until one comes back short, as the HTTP layer does with limit + 1. */
async function walk<R extends KeysetCursor>(page: Page<R>, limit: number): Promise<R[][]> {
  const out: R[][] = [];
  let after: KeysetCursor | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const rows = await page(after, limit);
    if (rows.length > 0) out.push(rows);
    if (rows.length < limit) return out;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  throw new Error('the walk did not end');
}

function assertOrdered(rows: readonly KeysetCursor[], direction: 'asc' | 'desc'): void {
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = direction === 'asc' ? [rows[i - 1]!, rows[i]!] : [rows[i]!, rows[i - 1]!];
    assert.ok(a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id), `row ${i} is out of order`);
  }
}

function assertExactlyOnce(walked: readonly KeysetCursor[], expected: readonly string[]): void {
  const ids = walked.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'no row twice');
  assert.deepEqual([...ids].sort(), [...expected].sort(), 'every row, and only rows of this scope');
}

async function photoScene(store: Store): Promise<{ galleryId: string; otherGalleryId: string; collectionId: string; studioId: string; photos: PhotoRecord[] }> {
  const studio = await addStudio(store, 'keyset');
  const fields = { name: 'C', description: '', eventDate: null, coverPhotoId: null, expiresAt: null, downloadable: 'web-size' as const };
  const collection = await store.collections.createCollection(studio.id, { ...fields, slug: 'keyset', passwordHash: null }, 1);
  const gallery = await store.galleries.createGallery(studio.id, collection.id, { name: 'G', description: '', private: false, position: null }, 1);
  const other = await store.galleries.createGallery(studio.id, collection.id, { name: 'H', description: '', private: false, position: null }, 1);
  const photo = (galleryId: string, i: number, createdAt: number): PhotoRecord => ({
    id: `ph_${galleryId.slice(-6)}${String(i).padStart(16, '0')}`, studioId: studio.id, collectionId: collection.id, galleryId,
    filename: `${i}.jpg`, contentType: 'image/jpeg', size: 1, width: 1, height: 1, takenAt: null, sha256: `s${i}`, thumbnailSize: 1, webSize: 1, dominantColor: null, createdAt, ...FIRST_RENDITION, position: createdAt,
  });
  const photos = TIMES.map((t, i) => photo(gallery.id, i, t));
  await store.photos.insertPhotos(photos);
  await store.photos.insertPhotos([photo(other.id, 0, 1000), photo(other.id, 1, 1000)]);
  return { galleryId: gallery.id, otherGalleryId: other.id, collectionId: collection.id, studioId: studio.id, photos };
}

export function keysetContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: keyset pages`, () => {
    test('clients: every row exactly once, newest first, across equal timestamps and every page size', () => withStore(factory, async (store) => {
      const a = await addStudio(store, 'a');
      const b = await addStudio(store, 'b');
      const ids: string[] = [];
      for (const [i, t] of TIMES.entries()) {
        ids.push((await store.clients.createClient(a.id, { ...CLIENT, email: `c${i}@example.test`, type: i % 2 === 0 ? 'client' : 'lead' }, t)).id);
      }
      await store.clients.createClient(b.id, { ...CLIENT, email: 'other@example.test' }, 1000);
      const offsetOrder = (await store.clients.listClients(a.id, ALL, { limit: 100, offset: 0 })).items.map((c) => c.id);
      for (const limit of [1, 7, 10, 40, 41]) {
        const pages = await walk((after, n) => store.clients.listClientsAfter(a.id, ALL, after, n), limit);
        const flat = pages.flat();
        assertExactlyOnce(flat, ids);
        assertOrdered(flat, 'desc');
        assert.deepEqual(flat.map((c) => c.id), offsetOrder, `limit ${limit}: the same order as page numbers`);
      }
      const leads = (await walk((after, n) => store.clients.listClientsAfter(a.id, { types: ['lead'], search: null }, after, n), 4)).flat();
      assert.deepEqual(leads.map((c) => c.id).sort(), ids.filter((_, i) => i % 2 === 1).sort(), 'filters hold on every page');
      assert.deepEqual(await store.clients.listClientsAfter(a.id, { types: [], search: null }, null, 5), []);
    }));

    test('photos: every row exactly once, oldest first; another gallery never shows', () => withStore(factory, async (store) => {
      const s = await photoScene(store);
      const offsetOrder = (await store.photos.listGalleryPhotos(s.galleryId, { limit: 100, offset: 0 })).items.map((p) => p.id);
      for (const limit of [1, 6, 40]) {
        // The fixtures' positions are their times, so the walk's cursor (time, id) is also (position, id).
        const flat = (await walk((after, n) => store.photos.listGalleryPhotosAfter(s.galleryId, after && { position: after.createdAt, id: after.id }, n), limit)).flat();
        assertExactlyOnce(flat, s.photos.map((p) => p.id));
        assertOrdered(flat, 'asc');
        assert.deepEqual(flat.map((p) => p.id), offsetOrder);
      }
    }));

    test('downloads: every row exactly once, newest first; another collection never shows', () => withStore(factory, async (store) => {
      const s = await photoScene(store);
      const ids: string[] = [];
      for (const [i, t] of TIMES.entries()) {
        const id = `dl_${String(i).padStart(22, '0')}`;
        ids.push(id);
        await store.galleryActivity.recordDownload({ id, studioId: s.studioId, collectionId: s.collectionId, photoId: s.photos[0]!.id, email: 'a@x.test', size: 'web-size', bytes: 1, createdAt: t });
      }
      const offsetOrder = (await store.galleryActivity.listDownloads(s.collectionId, { limit: 100, offset: 0 })).items.map((d) => d.id);
      for (const limit of [1, 8, 40]) {
        const flat = (await walk((after, n) => store.galleryActivity.listDownloadsAfter(s.collectionId, after, n), limit)).flat();
        assertExactlyOnce(flat, ids);
        assertOrdered(flat, 'desc');
        assert.deepEqual(flat.map((d) => d.id), offsetOrder);
      }
    }));
  });
}
