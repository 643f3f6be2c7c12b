// Contract suites for collection watermarks and photo renditions (issue #18, migration 0020): revisions, compare-and-set
// renditions, the re-render and backfill walks, render progress and the cascade.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PhotoRecord, PhotoRendition, Store, WatermarkSettings } from '../types.ts';
import { photoScene, withStore, type PhotoScene, type StoreFactory } from './harness.ts';

type Scene = PhotoScene;

const scene = (store: Store): Promise<Scene> => photoScene(store, { slug: 'marks', slugs: ['marked', 'plain'], downloadable: 'web-size', ids: ['ph_a1', 'ph_a2', 'ph_a3'], times: [10, 20, 20], foreign: ['ph_b1', 15] });

const TEXT: WatermarkSettings = { mode: 'text', text: '© Nordlicht Ü 写真', position: 'bottom-right', opacity: 0.35, scale: 0.275, logo: null };

function rendition(renderId: string, watermarkRev: number): PhotoRendition {
  return { renderId, watermarkRev, thumbnailSize: 11, webSize: 101, mediumSize: 51, thumbnailWebpSize: 9, mediumWebpSize: 41, webWebpSize: 81 };
}

const ids = (rows: readonly PhotoRecord[]): string[] => rows.map((p) => p.id);

export function watermarksContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: WatermarkStore`, () => {
    test('none until set; every put raises the revision and keeps the settings exactly (fractions, Unicode, the logo)', () => withStore(factory, async (store) => {
      const s = await scene(store);
      assert.equal(await store.watermarks.findWatermark(s.collection.id), null);
      const first = await store.watermarks.putWatermark(s.collection.id, TEXT, 5);
      assert.deepEqual(first, { ...TEXT, collectionId: s.collection.id, rev: 1, updatedAt: 5 });
      assert.deepEqual(await store.watermarks.findWatermark(s.collection.id), first);
      const logo = { key: `${s.studioId}/${s.collection.id}.watermark.abcdef12.png`, size: 4321, width: 300, height: 120 };
      const second = await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'logo', position: 'tiled', opacity: 1, scale: 0.05, logo }, 6);
      assert.deepEqual(second, { ...TEXT, mode: 'logo', position: 'tiled', opacity: 1, scale: 0.05, logo, collectionId: s.collection.id, rev: 2, updatedAt: 6 });
      const off = await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'off', text: null }, 7);
      assert.deepEqual([off.rev, off.mode, off.text, off.logo], [3, 'off', null, null]);
      const edited = await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'off', text: 'draft' }, 8, { keepRevision: true });
      assert.deepEqual([edited.rev, edited.text, edited.updatedAt], [3, 'draft', 8], 'a change that draws nothing new keeps the revision');
      assert.equal((await store.watermarks.putWatermark(s.other.id, { ...TEXT, mode: 'off' }, 9, { keepRevision: true })).rev, 0, 'and a first row starts at 0');
      await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'off', text: null }, 7);
      assert.equal((await store.watermarks.findWatermark(s.other.id))?.rev, 0);
      const listed = await store.watermarks.listWatermarks([s.collection.id, s.other.id]);
      assert.deepEqual([...listed.keys()].sort(), [s.collection.id, s.other.id].sort());
      assert.deepEqual(listed.get(s.collection.id), { ...off, rev: 4 });
      assert.deepEqual(await store.watermarks.listWatermarks([]), new Map());
    }));

    test('changes at the same moment each raise the revision once', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const revs = await Promise.all([1, 2, 3, 4].map((i) => store.watermarks.putWatermark(s.collection.id, { ...TEXT, opacity: i / 10 }, i)));
      assert.deepEqual(revs.map((r) => r.rev).sort(), [1, 2, 3, 4]);
      assert.equal((await store.watermarks.findWatermark(s.collection.id))?.rev, 4);
    }));

    test('render progress counts the photos whose copies show the current revision; deleting the collection drops its watermark', () => withStore(factory, async (store) => {
      const s = await scene(store);
      assert.deepEqual(await store.watermarks.renderProgress([s.collection.id, s.other.id]), new Map([[s.collection.id, { done: 3, total: 3 }], [s.other.id, { done: 1, total: 1 }]]), 'no watermark: revision 0 is what every photo shows');
      await store.watermarks.putWatermark(s.collection.id, TEXT, 5);
      assert.deepEqual((await store.watermarks.renderProgress([s.collection.id])).get(s.collection.id), { done: 0, total: 3 });
      assert.equal(await store.photos.replaceRendition(s.photos[0]?.id ?? '', '', rendition('r00001', 1)), true);
      assert.deepEqual((await store.watermarks.renderProgress([s.collection.id])).get(s.collection.id), { done: 1, total: 3 });
      assert.deepEqual((await store.watermarks.renderProgress([s.other.id])).get(s.other.id), { done: 1, total: 1 }, 'the other collection is untouched');
      const empty = await store.collections.createCollection(s.studioId, { name: 'E', description: '', eventDate: null, coverPhotoId: null, expiresAt: null, downloadable: 'none', slug: 'empty', passwordHash: null }, 1);
      assert.equal((await store.watermarks.renderProgress([empty.id])).has(empty.id), false, 'a collection without photos is absent');
      assert.equal(await store.collections.deleteCollection(s.studioId, s.collection.id), true);
      assert.equal(await store.watermarks.findWatermark(s.collection.id), null);
    }));
  });

  describe(`${backend}: PhotoStore renditions`, () => {
    test('a rendition replaces the row\'s only from the render id it was made from (compare-and-set)', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const p = s.photos[0] as PhotoRecord;
      assert.equal(await store.photos.replaceRendition(p.id, 'stale0', rendition('r00001', 0)), false, 'from another render id: refused');
      assert.deepEqual(await store.photos.findPhoto(s.studioId, p.id), p, 'and nothing changed');
      assert.equal(await store.photos.replaceRendition(p.id, '', rendition('r00001', 2)), true);
      const after = await store.photos.findPhoto(s.studioId, p.id);
      assert.deepEqual(after, { ...p, renderId: 'r00001', watermarkRev: 2, thumbnailSize: 11, webSize: 101, mediumSize: 51, thumbnailWebpSize: 9, mediumWebpSize: 41, webWebpSize: 81 });
      const race = await Promise.all([store.photos.replaceRendition(p.id, 'r00001', rendition('r00002', 2)), store.photos.replaceRendition(p.id, 'r00001', rendition('r00003', 2))]);
      assert.deepEqual(race.sort(), [false, true], 'of two renders from the same set, one wins');
      assert.equal(await store.photos.replaceRendition('ph_missing', '', rendition('r00004', 0)), false, 'a photo that is gone');
      assert.deepEqual((await store.photos.listPhotoRenders({ collectionId: s.collection.id })).find((r) => r.id === p.id)?.renderId.startsWith('r0000'), true);
    }));

    test('the backfill walk: photos without the new sizes, oldest first, after a cursor, until rendered', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const all = await store.photos.listPhotosToRender('derivatives', null, 10);
      assert.deepEqual(ids(all), ['ph_a1', 'ph_b1', 'ph_a2', 'ph_a3'], 'every collection, by (created_at, id)');
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', null, 2)), ['ph_a1', 'ph_b1']);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', { createdAt: 20, id: 'ph_a2' }, 10)), ['ph_a3'], 'strictly after the cursor');
      await store.photos.replaceRendition('ph_b1', '', rendition('r00001', 0));
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3']);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), [], 'no watermark anywhere: nothing to re-render');
    }));

    test('the re-render walk: photos whose copies show another revision than their collection\'s watermark', () => withStore(factory, async (store) => {
      const s = await scene(store);
      await store.watermarks.putWatermark(s.collection.id, TEXT, 5);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3'], 'not the other collection\'s');
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', { createdAt: 10, id: 'ph_a1' }, 1)), ['ph_a2']);
      await store.photos.replaceRendition('ph_a2', '', rendition('r00001', 1));
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a3']);
      await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'off' }, 6);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3'], 'turning it off is a change too');
    }));
  });
}
