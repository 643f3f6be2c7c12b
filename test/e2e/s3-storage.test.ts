// issue #19: Lightbox with storage.kind "s3" (against s3rver): uploads land in the bucket with their derivatives,
// originals and byte ranges stream from it, "download all" streams a ZIP from it, a deletion leaves no object, and a
// file staged when the process stopped is settled into the bucket at the next start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin } from '../helpers/gallery.ts';
import { startTestBucket, type TestBucket } from '../helpers/s3.ts';
import { settleStagedPhotos } from '../../src/api/photos/service.ts';
import { photoKey } from '../../src/api/photos/files.ts';

let bucket: TestBucket;
before(async () => {
  bucket = await startTestBucket();
});
after(async () => {
  await bucket?.close();
});

test('on S3: upload, original, byte range, derivatives, the collection ZIP, delete; nothing left in the bucket', () => withTestApp({ storage: { kind: 's3', s3: bucket.settings } }, async (t) => {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Bucket wedding', password: 'open sesame', downloadable: 'original' });
  const gallery = await createGallery(t, s, collection.id, { name: 'Ceremony' });
  const jpeg = await sampleJpeg({ color: '#369', width: 640, height: 480 });
  const photo = await uploadOne(t, s, gallery.id, jpeg, 'aisle.jpg');
  const studioId = s.studioId;
  const keys = await bucket.keys();
  for (const variant of ['original', 'web', 'thumbnail'] as const) assert.ok(keys.includes(photoKey(studioId, photo.id, variant)), `${variant} is in the bucket: ${keys.join(', ')}`);

  const original = await t.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.id}/original`, headers: { cookie: s.cookie } });
  assert.equal(original.statusCode, 200);
  assert.deepEqual(original.rawPayload, jpeg);
  const ranged = await t.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.id}/original`, headers: { cookie: s.cookie, range: 'bytes=100-199' } });
  assert.equal(ranged.statusCode, 206);
  assert.deepEqual(ranged.rawPayload, jpeg.subarray(100, 200));
  const thumb = await t.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.id}/thumbnail`, headers: { cookie: s.cookie } });
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');

  const v = await visitorLogin(t, { email: 'guest@example.com', collection: collection.slug, password: 'open sesame' });
  const zip = await t.app.inject({ method: 'GET', url: '/api/v1/gallery/archive?size=original', headers: v.headers });
  assert.equal(zip.statusCode, 200, zip.body);
  assert.ok(zip.rawPayload.includes(jpeg), 'the ZIP (stored, not deflated) holds the original from the bucket');

  const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/photos/${photo.id}`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  assert.equal(removed.statusCode, 204, removed.body);
  assert.deepEqual((await bucket.keys()).filter((k) => k.includes(photo.id)), [], 'no object of the deleted photo, parked or in place');
}));

test('on S3: an upload staged when the process stopped is completed into the bucket at the next start', () => withTestApp({ storage: { kind: 's3', s3: bucket.settings } }, async (t) => {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Crash' });
  const gallery = await createGallery(t, s, collection.id, { name: 'Set' });
  const photo = await uploadOne(t, s, gallery.id, await sampleJpeg(), 'kept.jpg');
  const key = photoKey(s.studioId, photo.id, 'web');
  // As a crash between the row's commit and the file's upload would leave it: the object missing, the file staged.
  const web = await t.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.id}/web`, headers: { cookie: s.cookie } });
  await t.deps.storage.remove(key);
  const staged = await t.deps.storage.stage(key);
  await writeFile(staged.path, web.rawPayload);
  const orphan = await t.deps.storage.stage(photoKey(s.studioId, 'ph_norowatall0000000000', 'original'));
  await writeFile(orphan.path, 'no row owns this');
  const settled = await settleStagedPhotos(t.deps);
  assert.deepEqual(settled, { completed: 1, removed: 1 });
  assert.equal(await t.deps.storage.size(key), web.rawPayload.length);
  assert.ok(!(await bucket.keys()).some((k) => k.includes('ph_norowatall')));
}));
