// A gallery (or collection) deleted while a photo is being added to it leaves no file of that photo behind, on the
// embedded SQLite store and on PostgreSQL (where transactions really run side by side): the deletion lists a photo
// whose row is being written (it waits for it), and an upload whose rows were deleted before its files were moved
// into place removes those files itself and answers 404.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, storedFiles, studioSession, upload, uploadOne, type StudioSession } from '../helpers/gallery.ts';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';
import { photoKeys } from '../../src/api/photos/files.ts';
import { generateId } from '../../src/lib/ids.ts';
import type { PhotoRecord } from '../../src/store/types.ts';

const pgSkip = await postgresSkip('the deletion races on PostgreSQL');

async function withPostgresApp(fn: (t: TestApp) => Promise<void>): Promise<void> {
  await withTestDatabase(async (database) => {
    const t = await buildTestApp({ store: { kind: 'postgres', url: database.url } });
    try {
      await fn(t);
    } finally {
      await t.close();
    }
  });
}

const BACKENDS = [
  { name: 'sqlite', skip: false as const, run: (fn: (t: TestApp) => Promise<void>) => withTestApp({}, fn) },
  { name: 'postgres', skip: pgSkip, run: withPostgresApp },
];

const remove = (t: TestApp, s: StudioSession, url: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'DELETE', url, headers: { ...s.headers, accept: 'application/json' } });

for (const backend of BACKENDS) {
  describe(`${backend.name}: deleting a gallery or collection while a photo is added to it`, { skip: backend.skip }, () => {
    for (const target of ['gallery', 'collection'] as const) test(`a photo row still being written is waited for and listed: its files go with the ${target}`, () => backend.run(async (t) => {
      const s = await studioSession(t);
      const c = await createCollection(t, s);
      const g = await createGallery(t, s, c.id);
      const first = await t.store.photos.findPhoto(s.studioId, (await uploadOne(t, s, g.id)).id);
      assert.ok(first);
      const late: PhotoRecord = { ...first, id: generateId('ph'), sha256: `late-${first.sha256}`, position: first.position + 1 };
      // Its files are in place (written before its row here, so that only the deletion can remove them).
      for (const key of photoKeys(s.studioId, late.id, late.renderId, { original: true })) {
        const staged = await t.deps.storage.stage(key);
        await writeFile(staged.path, `a file of ${late.id}`);
        await t.deps.storage.commit(staged, key);
      }
      assert.equal(storedFiles(t).filter((k) => k.includes(late.id)).length, 7);

      // The photo's row is inserted in a transaction that stays open until released, as an upload's would while it runs.
      let release = (): void => {};
      const held = new Promise<void>((resolve) => { release = resolve; });
      let inserted = (): void => {};
      const insertedNow = new Promise<void>((resolve) => { inserted = resolve; });
      const adding = t.store.transaction(async (tx) => {
        await tx.photos.insertPhotos([late]);
        inserted();
        await held;
      });
      await insertedNow;
      let settled = false;
      const deletion = remove(t, s, target === 'gallery' ? `/api/v1/galleries/${g.id}` : `/api/v1/collections/${c.id}`).finally(() => { settled = true; });
      await sleep(300);
      assert.equal(settled, false, 'the deletion waits for the photo being added');
      release();
      await adding;
      const res = await deletion;
      assert.equal(res.statusCode, 204, res.body);
      assert.deepEqual(storedFiles(t).filter((k) => k.includes(late.id)), [], 'the photo added at that moment was listed, and its files went');
      assert.deepEqual(storedFiles(t), [], 'nothing of either photo is left');
      assert.equal(await t.store.photos.findPhoto(s.studioId, late.id), null);
      assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), [], 'no note is left over');
    }));

    test('a gallery and its collection deleted at the same moment: both answer 204 or 404, never a deadlock\'s 500', () => backend.run(async (t) => {
      const s = await studioSession(t);
      const template = await t.store.photos.findPhoto(s.studioId, (await uploadOne(t, s, (await createGallery(t, s, (await createCollection(t, s)).id)).id)).id);
      assert.ok(template);
      for (let round = 0; round < 15; round++) {
        const c = await createCollection(t, s, { name: `Race ${round}` });
        const g = await createGallery(t, s, c.id);
        // The gallery's photo is the collection's cover, so the gallery's deletion also updates the collection's row.
        const photo: PhotoRecord = { ...template, id: generateId('ph'), sha256: `race-${round}`, collectionId: c.id, galleryId: g.id };
        await t.store.photos.insertPhotos([photo]);
        const cover = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${c.id}`, headers: s.headers, payload: { cover_photo_id: photo.id } });
        assert.equal(cover.statusCode, 200, cover.body);
        const [gallery, collection] = await Promise.all([remove(t, s, `/api/v1/galleries/${g.id}`), remove(t, s, `/api/v1/collections/${c.id}`)]);
        assert.equal(collection.statusCode, 204, collection.body);
        assert.ok([204, 404].includes(gallery.statusCode), `round ${round}: the gallery's deletion answered ${gallery.statusCode} ${gallery.body}`);
        assert.equal(await t.store.photos.findPhoto(s.studioId, photo.id), null);
      }
    }));

    test('an upload whose rows were deleted before its files were moved into place removes them and answers 404', () => backend.run(async (t) => {
      const s = await studioSession(t);
      const c = await createCollection(t, s);
      const g = await createGallery(t, s, c.id);
      const storage = t.deps.storage;
      const commit = storage.commit.bind(storage);
      let deleted: Promise<LightMyRequestResponse> | null = null;
      // The upload's rows are committed when it moves its first file into place: the gallery is deleted right then.
      storage.commit = async (file, key) => {
        if (deleted === null) {
          deleted = remove(t, s, `/api/v1/galleries/${g.id}`);
          await deleted;
        }
        return commit(file, key);
      };
      let res: LightMyRequestResponse;
      try {
        res = await upload(t, s, g.id, [{ filename: 'late.jpg', content: await sampleJpeg() }]);
      } finally {
        storage.commit = commit;
      }
      assert.ok(deleted);
      assert.equal((await deleted as LightMyRequestResponse).statusCode, 204);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json().code, 'not_found');
      assert.deepEqual(storedFiles(t), [], 'no file of a photo whose gallery went while it was being saved');
      assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), []);
    }));
  });
}
