// Contract suites for collection watermarks and photo renditions (issue #18, migration 0020): revisions, compare-and-set
// renditions, the re-render and backfill walks, render progress and the cascade.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PhotoRecord, PhotoRendition, RenderSetRecord, Store, WatermarkSettings } from '../types.ts';
import { photoScene, withStore, type PhotoScene, type StoreFactory } from './harness.ts';

type Scene = PhotoScene;

const scene = (store: Store): Promise<Scene> => photoScene(store, { slug: 'marks', slugs: ['marked', 'plain'], downloadable: 'web-size', ids: ['ph_a1', 'ph_a2', 'ph_a3'], times: [10, 20, 20], foreign: ['ph_b1', 15] });

const TEXT: WatermarkSettings = { mode: 'text', text: '© Nordlicht Ü 写真', position: 'bottom-right', opacity: 0.35, scale: 0.275, logo: null };

function rendition(renderId: string, watermarkRev: number): PhotoRendition {
  return { renderId, watermarkRev, thumbnailSize: 11, webSize: 101, mediumSize: 51, thumbnailWebpSize: 9, mediumWebpSize: 41, webWebpSize: 81 };
}

const ids = (rows: readonly PhotoRecord[]): string[] => rows.map((p) => p.id);

/** What a render does with the store: notes its new set (in flight until `dueAt`), then asks the row to name it. */
async function render(store: Store, studioId: string, photoId: string, expectedRenderId: string, next: PhotoRendition, dueAt = 1_000_000): Promise<boolean> {
  await store.photos.noteRenderSet({ photoId, studioId, renderId: next.renderId }, dueAt);
  return store.photos.replaceRendition(photoId, expectedRenderId, next, 0);
}

const sets = async (store: Store, now: number): Promise<string[]> =>
  (await store.photos.listRenderSetsDue(now, 100)).map((r) => `${r.photoId}/${r.renderId || '(first)'} ${r.state}`);

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
      assert.equal(await render(store, s.studioId, s.photos[0]?.id ?? '', '', rendition('r00001', 1)), true);
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
      assert.equal(await render(store, s.studioId, p.id, 'stale0', rendition('r00000', 0)), false, 'from another render id: refused');
      assert.deepEqual(await store.photos.findPhoto(s.studioId, p.id), p, 'and nothing changed');
      assert.equal(await render(store, s.studioId, p.id, '', rendition('r00001', 2)), true);
      const after = await store.photos.findPhoto(s.studioId, p.id);
      assert.deepEqual(after, { ...p, renderId: 'r00001', watermarkRev: 2, thumbnailSize: 11, webSize: 101, mediumSize: 51, thumbnailWebpSize: 9, mediumWebpSize: 41, webWebpSize: 81 });
      const race = await Promise.all([render(store, s.studioId, p.id, 'r00001', rendition('r00002', 2)), render(store, s.studioId, p.id, 'r00001', rendition('r00003', 2))]);
      assert.deepEqual(race.sort(), [false, true], 'of two renders from the same set, one wins');
      assert.equal(await render(store, s.studioId, 'ph_missing', '', rendition('r00004', 0)), false, 'a photo that is gone');
      assert.deepEqual((await store.photos.listPhotoRenders({ collectionId: s.collection.id })).find((r) => r.id === p.id)?.renderId.startsWith('r0000'), true);
    }));

    test('a render claim: one holder at a time, until it lapses or the new set is named; a failed holder gives it up', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const p = s.photos[0] as PhotoRecord;
      assert.equal(await store.photos.claimRender(p.id, 'stale0', 100, 700), false, 'from another render id: refused');
      assert.equal(await store.photos.claimRender(p.id, '', 100, 700), true);
      assert.equal(await store.photos.claimRender(p.id, '', 200, 800), false, 'held by another pass');
      const race = await Promise.all([store.photos.claimRender(p.id, '', 700, 1300), store.photos.claimRender(p.id, '', 700, 1301)]);
      assert.deepEqual(race.sort(), [false, true], 'lapsed at 700: of two at once, one gets it');
      await store.photos.releaseRender(p.id, 999);
      assert.equal(await store.photos.claimRender(p.id, '', 800, 1400), false, 'a release with another until leaves the claim');
      await Promise.all([store.photos.releaseRender(p.id, 1300), store.photos.releaseRender(p.id, 1301)]);
      assert.equal(await store.photos.claimRender(p.id, '', 800, 1400), true, 'released by its holder');
      assert.equal(await render(store, s.studioId, p.id, '', rendition('r00001', 0)), true);
      assert.equal(await store.photos.claimRender(p.id, 'r00001', 801, 1401), true, 'naming the new set ended the claim');
      assert.equal(await store.photos.claimRender('ph_missing', '', 1, 2), false, 'a photo that is gone');
      assert.deepEqual(await store.photos.findPhoto(s.studioId, p.id), { ...p, renderId: 'r00001', watermarkRev: 0, thumbnailSize: 11, webSize: 101, mediumSize: 51, thumbnailWebpSize: 9, mediumWebpSize: 41, webWebpSize: 81 }, 'the claim is not part of the photo');
    }));

    test('the backfill walk: photos without the new sizes, oldest first, after a cursor, until rendered', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const all = await store.photos.listPhotosToRender('derivatives', null, 10);
      assert.deepEqual(ids(all), ['ph_a1', 'ph_b1', 'ph_a2', 'ph_a3'], 'every collection, by (created_at, id)');
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', null, 2)), ['ph_a1', 'ph_b1']);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', { createdAt: 20, id: 'ph_a2' }, 10)), ['ph_a3'], 'strictly after the cursor');
      await render(store, s.studioId, 'ph_b1', '', rendition('r00001', 0));
      assert.deepEqual(ids(await store.photos.listPhotosToRender('derivatives', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3']);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), [], 'no watermark anywhere: nothing to re-render');
    }));

    test('the re-render walk: photos whose copies show another revision than their collection\'s watermark', () => withStore(factory, async (store) => {
      const s = await scene(store);
      await store.watermarks.putWatermark(s.collection.id, TEXT, 5);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3'], 'not the other collection\'s');
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', { createdAt: 10, id: 'ph_a1' }, 1)), ['ph_a2']);
      await render(store, s.studioId, 'ph_a2', '', rendition('r00001', 1));
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a3']);
      await store.watermarks.putWatermark(s.collection.id, { ...TEXT, mode: 'off' }, 6);
      assert.deepEqual(ids(await store.photos.listPhotosToRender('watermark', null, 10)), ['ph_a1', 'ph_a2', 'ph_a3'], 'turning it off is a change too');
    }));

    test('render sets: a new set is noted while written; naming it leaves the old set unused; a render past its claim is fenced off', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [a, b, c] = s.photos as [PhotoRecord, PhotoRecord, PhotoRecord];
      assert.deepEqual(await sets(store, 0), [], 'none to begin with');
      assert.equal(await store.photos.replaceRendition(a.id, '', rendition('r00009', 0), 0), false, 'a set that was never noted is not named');
      assert.deepEqual(await store.photos.findPhoto(s.studioId, a.id), a);

      // Written and named: the note moves to the set the row no longer names.
      await store.photos.noteRenderSet({ photoId: a.id, studioId: s.studioId, renderId: 'r00001' }, 1000);
      assert.deepEqual(await sets(store, 999), [], 'in flight until its due time');
      assert.deepEqual(await sets(store, 1000), [`${a.id}/r00001 writing`], 'due once its claim has ended');
      assert.equal(await store.photos.replaceRendition(a.id, '', rendition('r00001', 0), 4000), true);
      assert.deepEqual(await sets(store, 3999), [], 'the old set waits out its grace (downloads that chose it still read it)');
      const listed = await store.photos.listRenderSetsDue(4000, 10);
      assert.deepEqual(listed, [{ photoId: a.id, studioId: s.studioId, renderId: '', state: 'unused', dueAt: 4000, original: false }], 'then it is due');
      await store.photos.forgetRenderSet(a.id, '');
      assert.deepEqual(await sets(store, 5000), []);

      // Refused because the row moved on: the new set is the unused one, and the row keeps its set.
      assert.equal(await render(store, s.studioId, a.id, '', rendition('r00002', 0), 2000), false);
      assert.deepEqual(await sets(store, 2000), [`${a.id}/r00002 unused`]);
      assert.equal((await store.photos.findPhoto(s.studioId, a.id))?.renderId, 'r00001');
      await store.photos.forgetRenderSet(a.id, 'r00002');

      // A render that outlived its claim: the sweep retires its set, and the render can no longer name it.
      await store.photos.noteRenderSet({ photoId: b.id, studioId: s.studioId, renderId: 'r00003' }, 3000);
      assert.equal(await store.photos.retireRenderSet(b.id, 'r00003', 2999), false, 'not before its due time');
      assert.equal(await store.photos.retireRenderSet(b.id, 'r00003', 3000), true);
      assert.equal(await store.photos.replaceRendition(b.id, '', rendition('r00003', 0), 0), false, 'fenced off');
      assert.deepEqual(await store.photos.findPhoto(s.studioId, b.id), b, 'the row keeps its set');
      assert.deepEqual(await sets(store, 3000), [`${b.id}/r00003 unused`]);
      assert.equal(await store.photos.retireRenderSet(b.id, 'r00003', 0), true, 'an unused set stays unused');
      assert.equal(await store.photos.retireRenderSet(b.id, 'r00099'), false, 'a set never noted');

      // A render that gave up retires its own set at once.
      await store.photos.noteRenderSet({ photoId: c.id, studioId: s.studioId, renderId: 'r00004' }, 9000);
      assert.equal(await store.photos.retireRenderSet(c.id, 'r00004'), true);
      assert.deepEqual(await sets(store, 9000), [`${b.id}/r00003 unused`, `${c.id}/r00004 unused`], 'by due time');

      // The sweep and the render at the same moment: exactly one of them gets the set.
      for (const id of ['r00005', 'r00006', 'r00007', 'r00008']) {
        const row = await store.photos.findPhoto(s.studioId, a.id);
        await store.photos.noteRenderSet({ photoId: a.id, studioId: s.studioId, renderId: id }, 100);
        const [retired, named] = await Promise.all([store.photos.retireRenderSet(a.id, id, 100), store.photos.replaceRendition(a.id, row?.renderId ?? '', rendition(id, 0), 0)]);
        assert.notEqual(retired, named, `${id}: retired ${retired}, named ${named}`);
        assert.equal((await store.photos.findPhoto(s.studioId, a.id))?.renderId, named ? id : row?.renderId);
      }

      // Deleted photos: their sets are noted unused with the original; a set noted already takes the original along.
      for (const set of await store.photos.listRenderSetsDue(10_000, 100)) await store.photos.forgetRenderSet(set.photoId, set.renderId);
      await store.photos.noteRenderSet({ photoId: c.id, studioId: s.studioId, renderId: 'r00010' }, 50);
      await store.photos.noteDeletedPhotos(s.studioId, [{ id: c.id, renderId: 'r00010' }, { id: b.id, renderId: '' }]);
      await store.photos.noteDeletedPhotos(s.studioId, []);
      assert.deepEqual((await store.photos.listRenderSetsDue(0, 10)).map((r) => [r.photoId, r.renderId, r.state, r.original]).sort(),
        [[b.id, '', 'unused', true], [c.id, 'r00010', 'unused', true]].sort());
      assert.equal(await store.photos.replaceRendition(c.id, c.renderId, rendition('r00010', 0), 0), false, 'a set noted for deletion is never named');
    }));

    test('due render sets are walked in (due time, photo, set) order, a page at a time from the last one given', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [a, b] = s.photos as [PhotoRecord, PhotoRecord];
      const notes: Array<[PhotoRecord, string, number]> = [[b, 'r00002', 20], [a, 'r00003', 10], [a, 'r00001', 20], [b, 'r00001', 10], [a, 'r00009', 99]];
      for (const [photo, renderId, dueAt] of notes) await store.photos.noteRenderSet({ photoId: photo.id, studioId: s.studioId, renderId }, dueAt);
      const key = (r: { photoId: string; renderId: string; dueAt: number }): string => `${r.dueAt} ${r.photoId}/${r.renderId}`;
      // The order of ids is the database's collation; the walk only has to agree with the store's own listing.
      const all = (await store.photos.listRenderSetsDue(50, 10)).map(key);
      assert.deepEqual([...all].sort(), notes.filter(([, , dueAt]) => dueAt <= 50).map(([photo, renderId, dueAt]) => key({ photoId: photo.id, renderId, dueAt })).sort(),
        'every set due by then; the one due later is not listed');
      assert.deepEqual(all.map((k) => Number(k.split(' ')[0])), [10, 10, 20, 20], 'by due time first');
      const walked: string[] = [];
      let after: RenderSetRecord | undefined;
      for (let page = 0; page < 10; page++) {
        const rows = await store.photos.listRenderSetsDue(50, 3, after);
        if (rows.length === 0) break;
        assert.ok(rows.length <= 3);
        walked.push(...rows.map(key));
        after = rows.at(-1);
      }
      assert.deepEqual(walked, all, 'every due set once, in the same order, across pages');
      const second = (await store.photos.listRenderSetsDue(50, 10)).at(1);
      assert.ok(second);
      assert.deepEqual((await store.photos.listRenderSetsDue(50, 10, second)).map(key), all.slice(2), 'from a position: only the sets after it');
    }));
  });
}
