// Contract suites for collections, galleries, photos, visitor sessions and gallery activity, cascades included.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectionFields, CollectionRecord, GalleryRecord, PhotoRecord, Store } from '../types.ts';
import { FIRST_RENDITION, addStudio, hashId, rejectsWith, withStore, type StoreFactory } from './harness.ts';

const FIELDS: CollectionFields = { name: 'Wedding', description: '', eventDate: '2026-06-01', coverPhotoId: null, expiresAt: null, downloadable: 'web-size' };
const PAGE = { limit: 50, offset: 0 };
const ANN = { email: 'Ann@example.test', emailKey: 'ann@example.test' };

interface Scene {
  studioId: string;
  collection: CollectionRecord;
  open: GalleryRecord;
  hidden: GalleryRecord;
  photos: PhotoRecord[];
}

function photo(scene: { studioId: string; collectionId: string }, galleryId: string, id: string, createdAt: number): PhotoRecord {
  return {
    id, studioId: scene.studioId, collectionId: scene.collectionId, galleryId, filename: `${id}.jpg`, contentType: 'image/jpeg',
    size: 1000, width: 30, height: 20, takenAt: null, sha256: `sha-${id}`, thumbnailSize: 10, webSize: 100, dominantColor: null, createdAt, ...FIRST_RENDITION, position: createdAt,
  };
}

/** A studio with one collection holding a public and a private gallery, two photos in each. */
async function scene(store: Store, slug = 'wedding'): Promise<Scene> {
  const studio = await addStudio(store, `studio-${slug}`);
  const collection = await store.collections.createCollection(studio.id, { ...FIELDS, slug, passwordHash: null }, 1);
  const open = await store.galleries.createGallery(studio.id, collection.id, { name: 'Open', description: '', private: false, position: null }, 2);
  const hidden = await store.galleries.createGallery(studio.id, collection.id, { name: 'Hidden', description: '', private: true, position: null }, 3);
  const at = { studioId: studio.id, collectionId: collection.id };
  const photos = [photo(at, open.id, `p1${slug}`, 5), photo(at, open.id, `p2${slug}`, 4), photo(at, hidden.id, `p3${slug}`, 6), photo(at, hidden.id, `p4${slug}`, 7)];
  await store.photos.insertPhotos(photos);
  return { studioId: studio.id, collection, open, hidden, photos };
}

export function galleryContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: CollectionStore`, () => {
    test('creates, finds (scoped, or by id or slug), counts its galleries and photos, and refuses a taken slug', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const other = await addStudio(store, 'other');
      const found = await store.collections.findCollection(s.studioId, s.collection.id);
      assert.equal(found?.galleryCount, 2);
      assert.equal(found?.photoCount, 4);
      assert.deepEqual(await store.collections.findCollectionByIdOrSlug('wedding'), found);
      assert.deepEqual(await store.collections.findCollectionByIdOrSlug(s.collection.id), found);
      assert.equal(await store.collections.findCollection(other.id, s.collection.id), null);
      assert.equal(await store.collections.findCollectionByIdOrSlug('nope'), null);
      await rejectsWith(store.collections.createCollection(other.id, { ...FIELDS, slug: 'wedding', passwordHash: null }, 9), 'conflict');
    }));

    test('a patch changes only what it names; another studio cannot update or delete', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const other = await addStudio(store, 'other');
      assert.equal(await store.collections.updateCollection(other.id, s.collection.id, { name: 'X' }, 5), null);
      const updated = await store.collections.updateCollection(s.studioId, s.collection.id, { name: 'Renamed', expiresAt: 99, passwordHash: 'argon-hash' }, 6);
      assert.deepEqual(updated, { ...s.collection, name: 'Renamed', expiresAt: 99, passwordHash: 'argon-hash', galleryCount: 2, photoCount: 4, updatedAt: 6 });
      assert.equal(await store.collections.deleteCollection(other.id, s.collection.id), false);
    }));

    test('lists newest first; access lists are replaced whole', () => withStore(factory, async (store) => {
      const studio = await addStudio(store, 's');
      const made = [];
      for (const [i, slug] of ['c1', 'c2', 'c3'].entries()) made.push(await store.collections.createCollection(studio.id, { ...FIELDS, slug, passwordHash: null }, i));
      const index = await store.collections.listCollectionIndex(studio.id);
      assert.deepEqual(index.map((c) => [c.slug, c.name, c.eventDate, c.createdAt]), [['c3', FIELDS.name, FIELDS.eventDate, 2], ['c2', FIELDS.name, FIELDS.eventDate, 1], ['c1', FIELDS.name, FIELDS.eventDate, 0]], 'the dashboard index, newest first');
      const elsewhere = await addStudio(store, 'elsewhere');
      const theirs = await store.collections.createCollection(elsewhere.id, { ...FIELDS, slug: 'theirs', passwordHash: null }, 9);
      assert.deepEqual(await store.collections.listCollectionIndex(elsewhere.id), [{ id: theirs.id, name: FIELDS.name, slug: 'theirs', eventDate: FIELDS.eventDate, createdAt: 9 }]);
      const wanted = [index[2]?.id ?? '', theirs.id, 'co_missing', index[0]?.id ?? ''];
      const byIds = await store.collections.listCollectionsByIds(studio.id, wanted);
      assert.deepEqual(byIds.map((c) => c.slug), ['c1', 'c3'], 'in the order asked, another studio\'s and missing ones left out');
      assert.deepEqual(byIds[1], await store.collections.findCollection(studio.id, made[2]!.id), 'the same record, counts included, as a lookup gives');
      assert.deepEqual(await store.collections.listCollectionsByIds(studio.id, []), []);
      const id = made[2]!.id;
      await store.collections.replaceAccessList(id, [{ ...ANN, createdAt: 1 }, { email: 'b@example.test', emailKey: 'b@example.test', createdAt: 2 }]);
      await store.collections.replaceAccessList(id, [{ email: 'c@example.test', emailKey: 'c@example.test', createdAt: 3 }, { ...ANN, createdAt: 3 }]);
      assert.deepEqual((await store.collections.listAccessList(id)).map((e) => e.emailKey), ['ann@example.test', 'c@example.test']);
      await store.collections.replaceAccessList(id, []);
      assert.deepEqual(await store.collections.listAccessList(id), []);
    }));

    test('deleting a collection removes its galleries, photos, access list, visitor sessions, visitors, favorites and downloads', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const kept = await scene(store, 'kept');
      const [p1] = s.photos;
      assert.ok(p1);
      await store.collections.replaceAccessList(s.collection.id, [{ ...ANN, createdAt: 1 }]);
      const visitor = { id: hashId('visitor'), studioId: s.studioId, collectionId: s.collection.id, email: ANN.email, createdAt: 1, lastSeenAt: 1, expiresAt: 99 };
      await store.visitorSessions.createVisitorSession(visitor);
      await store.galleryActivity.recordVisit(s.collection.id, ANN, 2);
      await store.galleryActivity.addFavorite(s.collection.id, p1.id, ANN, 3);
      await store.galleryActivity.recordDownload({ id: 'dl1', studioId: s.studioId, collectionId: s.collection.id, photoId: p1.id, email: ANN.email, size: 'original', bytes: 1000, createdAt: 4 });
      assert.equal(await store.collections.deleteCollection(s.studioId, s.collection.id), true);
      assert.equal(await store.collections.findCollectionByIdOrSlug('wedding'), null);
      assert.equal(await store.galleries.findGallery(s.studioId, s.open.id), null);
      assert.equal(await store.photos.findPhoto(s.studioId, p1.id), null);
      assert.deepEqual(await store.photos.listPhotoRenders({ collectionId: s.collection.id }), []);
      assert.deepEqual(await store.collections.listAccessList(s.collection.id), []);
      assert.equal(await store.visitorSessions.findVisitorSession(visitor.id), null);
      assert.equal((await store.galleryActivity.listVisitors(s.collection.id, PAGE)).total, 0);
      assert.equal((await store.galleryActivity.listFavorites(s.collection.id, { emailKey: null }, PAGE)).total, 0);
      assert.equal((await store.galleryActivity.listDownloads(s.collection.id, PAGE)).total, 0);
      assert.equal((await store.collections.findCollection(kept.studioId, kept.collection.id))?.photoCount, 4, 'other collections untouched');
    }));
  });

  describe(`${backend}: GalleryStore`, () => {
    test('a null position goes after the last; lists by position; visitors do not see private galleries', () => withStore(factory, async (store) => {
      const s = await scene(store);
      assert.deepEqual([s.open.position, s.hidden.position], [0, 1]);
      const first = await store.galleries.createGallery(s.studioId, s.collection.id, { name: 'First', description: '', private: false, position: -1 }, 4);
      const all = await store.galleries.listGalleries(s.collection.id, { includePrivate: true }, PAGE);
      assert.deepEqual(all.items.map((g) => g.name), ['First', 'Open', 'Hidden']);
      assert.equal(all.total, 3);
      const visible = await store.galleries.listGalleries(s.collection.id, { includePrivate: false }, { limit: 1, offset: 1 });
      assert.deepEqual([visible.total, visible.items.map((g) => g.name)], [2, ['Open']]);
      assert.equal((await store.galleries.findGallery(s.studioId, first.id))?.photoCount, 0);
      assert.equal((await store.galleries.findGallery(s.studioId, s.open.id))?.photoCount, 2);
    }));

    test('updates and deletes within the studio only; deleting a gallery removes its photos', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const other = await addStudio(store, 'other');
      assert.equal(await store.galleries.updateGallery(other.id, s.open.id, { name: 'X' }, 5), null);
      assert.deepEqual(await store.galleries.updateGallery(s.studioId, s.open.id, { private: true, position: 7 }, 6), { ...s.open, private: true, position: 7, photoCount: 2, updatedAt: 6 });
      assert.equal(await store.galleries.deleteGallery(other.id, s.open.id), false);
      assert.equal(await store.galleries.deleteGallery(s.studioId, s.open.id), true);
      assert.deepEqual((await store.photos.listPhotoRenders({ collectionId: s.collection.id })).map((p) => p.id).sort(), [s.photos[2]?.id, s.photos[3]?.id].sort());
    }));
  });

  describe(`${backend}: PhotoStore`, () => {
    test('finds photos scoped to the studio; visitors see only photos of public galleries', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const other = await addStudio(store, 'other');
      const [p1, , p3] = s.photos;
      assert.ok(p1 && p3);
      assert.deepEqual(await store.photos.findPhoto(s.studioId, p1.id), p1);
      assert.equal(await store.photos.findPhoto(other.id, p1.id), null);
      assert.deepEqual(await store.photos.findVisiblePhoto(s.collection.id, p1.id), p1);
      assert.equal(await store.photos.findVisiblePhoto(s.collection.id, p3.id), null);
      const page = await store.photos.listGalleryPhotos(s.open.id, { limit: 1, offset: 0 });
      assert.deepEqual([page.total, page.items.map((p) => p.id)], [2, [s.photos[1]?.id]], 'oldest first');
      const byId = (a: { id?: string }, b: { id?: string }): number => String(a.id).localeCompare(String(b.id));
      assert.deepEqual((await store.photos.listPhotoRenders({ galleryId: s.hidden.id })).sort(byId), [s.photos[2], s.photos[3]].map((p) => ({ id: p?.id, renderId: '' })).sort(byId));
    }));

    test('existingPhotoIds names the ids that still have a row in the studio, none of another studio', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const other = await addStudio(store, 'other');
      const [p1, p2] = s.photos;
      assert.ok(p1 && p2);
      assert.deepEqual(await store.photos.existingPhotoIds(s.studioId, []), new Set());
      assert.equal(await store.photos.deletePhoto(s.studioId, p2.id), true);
      assert.deepEqual(await store.photos.existingPhotoIds(s.studioId, [p1.id, p2.id, 'ph_nobody']), new Set([p1.id]));
      assert.deepEqual(await store.photos.existingPhotoIds(other.id, [p1.id]), new Set());
    }));

    test('lists photos without a dominant colour, oldest first, until one is recorded (issue #18)', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const missing = await store.photos.listPhotosWithoutColor(10);
      assert.deepEqual(missing.map((p) => p.id), [...s.photos].sort((a, b) => a.createdAt - b.createdAt).map((p) => p.id));
      assert.equal((await store.photos.listPhotosWithoutColor(2)).length, 2, 'bounded by the limit');
      const [p1] = s.photos;
      assert.ok(p1);
      await store.photos.setDominantColor(p1.id, '#a1b2c3');
      assert.equal((await store.photos.findPhoto(s.studioId, p1.id))?.dominantColor, '#a1b2c3');
      assert.ok(!(await store.photos.listPhotosWithoutColor(10)).some((p) => p.id === p1.id));
    }));

    test('the studio order: uploads in time order, setPhotoOrder renumbers exactly the gallery or nothing; lookups by hash per collection', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = s.photos as [PhotoRecord, PhotoRecord];
      const ids = async (): Promise<string[]> => (await store.photos.listGalleryPhotos(s.open.id, { limit: 10, offset: 0 })).items.map((p) => p.id);
      assert.deepEqual(await ids(), [p2.id, p1.id], 'by position, which uploads take from their time');
      assert.deepEqual((await store.photos.listPhotoOrder(s.open.id, 10)).map((p) => p.id), [p2.id, p1.id]);
      assert.equal(await store.transaction((tx) => tx.photos.setPhotoOrder(s.open.id, [p1.id])), false, 'one missing');
      assert.equal(await store.transaction((tx) => tx.photos.setPhotoOrder(s.open.id, [p1.id, p1.id])), false, 'one twice');
      assert.equal(await store.transaction((tx) => tx.photos.setPhotoOrder(s.open.id, [p1.id, (s.photos[2] as PhotoRecord).id])), false, 'one of another gallery');
      assert.deepEqual(await ids(), [p2.id, p1.id], 'a refused order changes nothing');
      assert.equal(await store.transaction((tx) => tx.photos.setPhotoOrder(s.open.id, [p1.id, p2.id])), true);
      assert.deepEqual(await ids(), [p1.id, p2.id]);
      assert.deepEqual((await store.photos.listGalleryPhotosAfter(s.open.id, { position: 0, id: p1.id }, 10)).map((p) => p.id), [p2.id], 'the keyset walk follows positions');
      assert.deepEqual([(await store.photos.findPhoto(s.studioId, p1.id))?.position, (await store.photos.findPhoto(s.studioId, p2.id))?.position], [0, 1]);
      const later = photo({ studioId: s.studioId, collectionId: s.collection.id }, s.open.id, 'p9late', 50);
      await store.photos.insertPhotos([later]);
      assert.deepEqual(await ids(), [p1.id, p2.id, later.id], 'a later upload comes after a renumbered gallery');
      assert.equal((await store.photos.findPhotoByHash(s.collection.id, p2.sha256))?.id, p2.id);
      assert.equal(await store.photos.findPhotoByHash(s.collection.id, 'sha-none'), null);
      const elsewhere = await scene(store, 'other');
      assert.equal(await store.photos.findPhotoByHash(elsewhere.collection.id, p2.sha256), null, 'another collection is another scope');
    }));

    test('deleting a photo clears it as the cover and takes its favorites with it', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1] = s.photos;
      assert.ok(p1);
      await store.collections.updateCollection(s.studioId, s.collection.id, { coverPhotoId: p1.id }, 5);
      await store.galleryActivity.addFavorite(s.collection.id, p1.id, ANN, 6);
      const other = await addStudio(store, 'other');
      assert.equal(await store.photos.deletePhoto(other.id, p1.id), false);
      assert.equal((await store.collections.findCollection(s.studioId, s.collection.id))?.coverPhotoId, p1.id, 'another studio changes nothing');
      assert.equal(await store.photos.deletePhoto(s.studioId, p1.id), true);
      assert.equal((await store.collections.findCollection(s.studioId, s.collection.id))?.coverPhotoId, null);
      assert.deepEqual(await store.galleryActivity.listFavoritePhotoIds(s.collection.id, ANN.emailKey, [p1.id]), []);
    }));
  });

  describe(`${backend}: VisitorSessionStore`, () => {
    test('round-trips, touches forward only, deletes, and sweeps the expired and the idle', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const make = (seed: string, lastSeenAt: number, expiresAt: number): { id: string; studioId: string; collectionId: string; email: string; createdAt: number; lastSeenAt: number; expiresAt: number } =>
        ({ id: hashId(seed), studioId: s.studioId, collectionId: s.collection.id, email: ANN.email, createdAt: 1, lastSeenAt, expiresAt });
      const live = make('live', 950, 2000);
      for (const v of [live, make('expired', 950, 1000), make('idle', 900, 2000)]) await store.visitorSessions.createVisitorSession(v);
      assert.deepEqual(await store.visitorSessions.findVisitorSession(live.id), live);
      assert.equal(await store.visitorSessions.findVisitorSession(hashId('unknown')), null);
      await store.visitorSessions.touchVisitorSession(live.id, 960);
      await store.visitorSessions.touchVisitorSession(live.id, 955);
      assert.equal(await store.visitorSessions.deleteExpiredVisitorSessions(1000, 100), 2);
      assert.deepEqual(await store.visitorSessions.findVisitorSession(live.id), { ...live, lastSeenAt: 960 });
      await store.visitorSessions.deleteVisitorSession(live.id);
      assert.equal(await store.visitorSessions.findVisitorSession(live.id), null);
    }));

    test("revokes every session of one collection and none of another's", () => withStore(factory, async (store) => {
      const wedding = await scene(store);
      const party = await scene(store, 'party');
      const session = (seed: string, at: Scene): { id: string; studioId: string; collectionId: string; email: string; createdAt: number; lastSeenAt: number; expiresAt: number } =>
        ({ id: hashId(seed), studioId: at.studioId, collectionId: at.collection.id, email: ANN.email, createdAt: 1, lastSeenAt: 1, expiresAt: 2000 });
      for (const v of [session('w1', wedding), session('w2', wedding), session('p1', party)]) await store.visitorSessions.createVisitorSession(v);
      assert.deepEqual((await store.visitorSessions.listCollectionVisitorSessions(wedding.collection.id)).map((v) => v.id).sort(), [hashId('w1'), hashId('w2')].sort());
      assert.equal(await store.visitorSessions.deleteCollectionVisitorSessions(wedding.collection.id), 2);
      assert.deepEqual(await store.visitorSessions.listCollectionVisitorSessions(wedding.collection.id), []);
      assert.equal(await store.visitorSessions.findVisitorSession(hashId('w1')), null);
      assert.equal(await store.visitorSessions.findVisitorSession(hashId('w2')), null);
      assert.deepEqual(await store.visitorSessions.findVisitorSession(hashId('p1')), session('p1', party));
      assert.equal(await store.visitorSessions.deleteCollectionVisitorSessions(wedding.collection.id), 0);
    }));
  });

  describe(`${backend}: GalleryActivityStore`, () => {
    test('visits count up per visitor key, newest visitor first', () => withStore(factory, async (store) => {
      const s = await scene(store);
      await store.galleryActivity.recordVisit(s.collection.id, ANN, 1);
      await store.galleryActivity.recordVisit(s.collection.id, { email: 'bob@example.test', emailKey: 'bob@example.test' }, 2);
      await store.galleryActivity.recordVisit(s.collection.id, { email: 'ANN@example.test', emailKey: ANN.emailKey }, 3);
      const { items, total } = await store.galleryActivity.listVisitors(s.collection.id, PAGE);
      assert.equal(total, 2);
      assert.deepEqual(items[0], { email: 'ANN@example.test', visits: 2, firstSeenAt: 1, lastSeenAt: 3 });
    }));

    test('activity: per-day counts by UTC day, the latest events of every kind, totals per collection; old visit rows can go', () => withStore(factory, async (store) => {
      const DAY = 86_400_000;
      const s = await scene(store);
      const other = await scene(store, 'other');
      const [p1] = s.photos;
      assert.ok(p1);
      const bob = { email: 'bob@example.test', emailKey: 'bob@example.test' };
      await store.galleryActivity.recordVisit(s.collection.id, ANN, 10 * DAY + 1);
      await store.galleryActivity.recordVisit(s.collection.id, ANN, 12 * DAY + 5);
      await store.galleryActivity.recordVisit(s.collection.id, bob, 12 * DAY + 6);
      await store.galleryActivity.recordVisit(other.collection.id, bob, 12 * DAY + 7);
      await store.galleryActivity.addFavorite(s.collection.id, p1.id, ANN, 11 * DAY + 2);
      await store.galleryActivity.recordDownload({ id: 'dla', studioId: s.studioId, collectionId: s.collection.id, photoId: p1.id, email: bob.email, size: 'original', bytes: 1, createdAt: 12 * DAY + 9 });
      assert.deepEqual(await store.galleryActivity.activityByDay(s.collection.id, 11 * DAY), [
        { day: 11, visits: 0, favorites: 1, downloads: 0 },
        { day: 12, visits: 2, favorites: 0, downloads: 1 },
      ], 'from `since` on, days without events left out, another collection not counted');
      assert.deepEqual(await store.galleryActivity.recentActivity(s.collection.id, 3), [
        { at: 12 * DAY + 9, kind: 'download', email: bob.email, filename: p1.filename, size: 'original' },
        { at: 12 * DAY + 6, kind: 'visit', email: bob.email, filename: null, size: null },
        { at: 12 * DAY + 5, kind: 'visit', email: ANN.email, filename: null, size: null },
      ]);
      const totals = await store.galleryActivity.activityTotals([s.collection.id, other.collection.id, 'col_none']);
      assert.deepEqual([totals.get(s.collection.id), totals.get(other.collection.id), totals.get('col_none')], [
        { visits: 3, favorites: 1, downloads: 1 }, { visits: 1, favorites: 0, downloads: 0 }, { visits: 0, favorites: 0, downloads: 0 },
      ]);
      assert.equal(await store.galleryActivity.deleteVisitEventsBefore(12 * DAY), 1, 'the one visit of day 10');
      assert.deepEqual((await store.galleryActivity.activityByDay(s.collection.id, 0)).map((d) => [d.day, d.visits]), [[11, 0], [12, 2]]);
      assert.equal((await store.galleryActivity.activityTotals([s.collection.id])).get(s.collection.id)?.visits, 3, "the visitors' own counts stay");
    }));

    test('a favorite is added once and removed once; lists filter by visitor, newest first', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = s.photos;
      assert.ok(p1 && p2);
      const bob = { email: 'bob@example.test', emailKey: 'bob@example.test' };
      assert.equal(await store.galleryActivity.addFavorite(s.collection.id, p1.id, ANN, 1), true);
      assert.equal(await store.galleryActivity.addFavorite(s.collection.id, p1.id, ANN, 2), false);
      await store.galleryActivity.addFavorite(s.collection.id, p2.id, ANN, 3);
      await store.galleryActivity.addFavorite(s.collection.id, p1.id, bob, 4);
      const annFavs = await store.galleryActivity.listFavorites(s.collection.id, { emailKey: ANN.emailKey }, PAGE);
      assert.deepEqual([annFavs.total, annFavs.items.map((f) => f.photoId)], [2, [p2.id, p1.id]]);
      assert.deepEqual(annFavs.items[1], { photoId: p1.id, galleryId: s.open.id, filename: p1.filename, email: ANN.email, createdAt: 1 });
      assert.equal((await store.galleryActivity.listFavorites(s.collection.id, { emailKey: null }, PAGE)).total, 3);
      assert.deepEqual((await store.galleryActivity.listFavoritePhotoIds(s.collection.id, bob.emailKey, [p1.id, p2.id])), [p1.id]);
      assert.deepEqual(await store.galleryActivity.listFavoritePhotoIds(s.collection.id, bob.emailKey, []), []);
      assert.equal(await store.galleryActivity.removeFavorite(s.collection.id, p1.id, bob.emailKey), true);
      assert.equal(await store.galleryActivity.removeFavorite(s.collection.id, p1.id, bob.emailKey), false);
    }));

    test('downloads list newest first with a total', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1] = s.photos;
      assert.ok(p1);
      for (const [i, size] of (['web-size', 'original', 'web-size'] as const).entries()) {
        await store.galleryActivity.recordDownload({ id: `dl${i}`, studioId: s.studioId, collectionId: s.collection.id, photoId: p1.id, email: ANN.email, size, bytes: 100 + i, createdAt: i });
      }
      const page = await store.galleryActivity.listDownloads(s.collection.id, { limit: 2, offset: 0 });
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((d) => d.id), ['dl2', 'dl1']);
      assert.deepEqual(page.items[1], { id: 'dl1', studioId: s.studioId, collectionId: s.collection.id, photoId: p1.id, email: ANN.email, size: 'original', bytes: 101, createdAt: 1 });
    }));
  });
}
