// Issue #18, the studio app: a gallery's order (set whole, sorted by capture time or name, followed by every listing
// and by cursor pages, the visitor's included) and upload de-duplication by content hash (409 duplicate_photo naming
// the photo it repeats, nothing left on disk, allow_duplicate=true to keep both).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { buildTestApp, createUser, type TestApp } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { createClient } from '../../src/client/index.ts';
import { createCollection, createGallery, sampleJpeg, storedFiles, studioSession, upload, uploadOne, visitorLogin, type StudioSession } from '../helpers/gallery.ts';

const PASSWORD = 'order of the day';

async function jpegTakenAt(when: string): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } }).jpeg().withExif({ IFD0: { DateTime: when } }).toBuffer();
}

async function listed(t: TestApp, s: StudioSession, galleryId: string, query = ''): Promise<string[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/galleries/${galleryId}/photos${query}`, headers: s.headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().data.map((p: { id: string }) => p.id);
}

async function walkCursor(t: TestApp, galleryId: string, headers: Record<string, string>, base: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | null = `${base}/galleries/${galleryId}/photos?limit=2`;
  while (url !== null) {
    const res: Awaited<ReturnType<TestApp['app']['inject']>> = await t.app.inject({ method: 'GET', url, headers });
    assert.equal(res.statusCode, 200, res.body);
    ids.push(...res.json().data.map((p: { id: string }) => p.id));
    url = res.json().links.next;
  }
  return ids;
}

describe('the order of a gallery', () => {
  test('PUT photo-order sets it; listings, cursor pages and the visitor follow; a later upload goes last', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t);
      const c = await createCollection(t, s, { password: PASSWORD });
      const g = await createGallery(t, s, c.id);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await uploadOne(t, s, g.id, undefined, `p${i}.jpg`)).id);
        t.clock.advance(1);
      }
      assert.deepEqual(await listed(t, s, g.id), ids, 'upload order until the studio changes it');
      const wanted = [ids[3], ids[0], ids[4], ids[1], ids[2]] as string[];
      const put = await t.app.inject({ method: 'PUT', url: `/api/v1/galleries/${g.id}/photo-order`, headers: s.headers, payload: { photo_ids: wanted } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().data.photo_ids, wanted);
      assert.deepEqual(await listed(t, s, g.id), wanted);
      assert.deepEqual(await listed(t, s, g.id, '?page=2&per_page=2'), wanted.slice(2, 4));
      assert.deepEqual(await walkCursor(t, g.id, s.headers, '/api/v1'), wanted, 'cursor pages walk positions');
      const v = await visitorLogin(t, { email: 'ann@example.test', collection: c.slug, password: PASSWORD });
      assert.deepEqual(await walkCursor(t, g.id, v.headers, '/api/v1/gallery'), wanted, "the client gallery shows the studio's order");
      const late = (await uploadOne(t, s, g.id, undefined, 'late.jpg')).id;
      assert.deepEqual(await listed(t, s, g.id), [...wanted, late]);
      // The files of one upload, made in the same millisecond, keep the order they were sent in.
      t.clock.advance(1);
      const batch = await upload(t, s, g.id, await Promise.all(['z.jpg', 'a.jpg', 'm.jpg'].map(async (filename) => ({ filename, content: await sampleJpeg() }))));
      assert.equal(batch.statusCode, 201, batch.body);
      const names = (await t.app.inject({ method: 'GET', url: `/api/v1/galleries/${g.id}/photos`, headers: s.headers })).json().data.map((p: { filename: string }) => p.filename);
      assert.deepEqual(names.slice(-3), ['z.jpg', 'a.jpg', 'm.jpg']);
    } finally {
      await t.close();
    }
  });

  test('refused: not exactly the gallery (422 photo_order_mismatch, nothing changes), bad bodies, a viewer, another studio', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t, { studio: 'Order Studio' });
      const c = await createCollection(t, s);
      const g = await createGallery(t, s, c.id);
      const h = await createGallery(t, s, c.id);
      const a = (await uploadOne(t, s, g.id)).id;
      t.clock.advance(1);
      const b = (await uploadOne(t, s, g.id)).id;
      const other = (await uploadOne(t, s, h.id)).id;
      const put = (body: unknown, who = s): Promise<Awaited<ReturnType<TestApp['app']['inject']>>> => t.app.inject({ method: 'PUT', url: `/api/v1/galleries/${g.id}/photo-order`, headers: who.headers, payload: body as object });
      for (const photoIds of [[a], [a, a], [a, b, other], [b, other], [b, a, 'ph_0000000000000000000000']]) {
        const res = await put({ photo_ids: photoIds });
        assert.deepEqual([res.statusCode, res.json().code], [422, 'photo_order_mismatch'], JSON.stringify(photoIds));
        assert.deepEqual([res.json().error, typeof res.json().message, res.json().details], ['Unprocessable Entity', 'string', { photo_ids: 'not exactly the photos of this gallery' }]);
      }
      assert.deepEqual(await listed(t, s, g.id), [a, b], 'nothing changed');
      for (const body of [{}, { photo_ids: 'x' }, { photo_ids: [1, 2] }, { photo_ids: null }]) {
        const res = await put(body);
        assert.deepEqual([res.statusCode, res.json().code], [422, 'validation_failed'], JSON.stringify(body));
      }
      const viewer = await studioSession(t, { studio: 'Order Studio', role: 'viewer' });
      assert.equal((await put({ photo_ids: [b, a] }, viewer)).statusCode, 403);
      const stranger = await studioSession(t);
      assert.equal((await put({ photo_ids: [b, a] }, stranger)).statusCode, 404);
      const sort = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${g.id}/photo-order/sort`, headers: s.headers, payload: { by: 'size' } });
      assert.deepEqual([sort.statusCode, sort.json().code], [422, 'validation_failed']);
      assert.deepEqual(await listed(t, s, g.id), [a, b]);
    } finally {
      await t.close();
    }
  });

  test('sort by capture time (photos without one last) and by file name in natural order, both directions', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t);
      const c = await createCollection(t, s);
      const g = await createGallery(t, s, c.id);
      const up = async (name: string, content: Buffer): Promise<string> => (await uploadOne(t, s, g.id, content, name)).id;
      const noon = await up('IMG_10.jpg', await jpegTakenAt('2026:06:01 12:00:00'));
      const none = await up('IMG_2.jpg', await sampleJpeg());
      const morning = await up('IMG_9.jpg', await jpegTakenAt('2026:06:01 09:30:00'));
      const evening = await up('img_1.jpg', await jpegTakenAt('2026:06:01 19:45:00'));
      const sort = async (by: string, direction?: string): Promise<string[]> => {
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${g.id}/photo-order/sort`, headers: s.headers, payload: { by, ...(direction ? { direction } : {}) } });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(await listed(t, s, g.id), res.json().data.photo_ids, 'the answer is the stored order');
        return res.json().data.photo_ids;
      };
      assert.deepEqual(await sort('taken_at'), [morning, noon, evening, none]);
      assert.deepEqual(await sort('taken_at', 'desc'), [evening, noon, morning, none], 'without a capture time: last either way');
      assert.deepEqual(await sort('filename'), [evening, none, morning, noon], 'img_1, IMG_2, IMG_9, IMG_10');
      assert.deepEqual(await sort('filename', 'desc'), [noon, morning, none, evening]);
    } finally {
      await t.close();
    }
  });
});

describe('upload de-duplication', () => {
  test('the same bytes again in the collection: 409 duplicate_photo naming the photo, nothing stored; allow_duplicate keeps both', async () => {
    const t = await buildTestApp();
    try {
      const s = await studioSession(t);
      const c = await createCollection(t, s);
      const g = await createGallery(t, s, c.id);
      const h = await createGallery(t, s, c.id);
      const bytes = await sampleJpeg();
      const first = await uploadOne(t, s, g.id, bytes, 'DSC_0001.jpg');
      const files = storedFiles(t).sort();

      const again = await upload(t, s, h.id, [{ filename: 'copy.jpg', content: bytes }]);
      assert.equal(again.statusCode, 409, again.body);
      const body = again.json();
      assert.equal(body.code, 'duplicate_photo');
      assert.equal(body.error, 'Conflict');
      assert.match(body.message, /already in the collection as "DSC_0001\.jpg"/);
      assert.deepEqual(body.details, { existing_photo_id: first.id, existing_filename: 'DSC_0001.jpg', gallery_id: g.id, filename: 'copy.jpg', index: 0 });
      assert.deepEqual(storedFiles(t).sort(), files, 'nothing of the refused file remains, staged or stored');
      assert.deepEqual(await listed(t, s, h.id), []);

      // A batch with a new file and a duplicate is refused whole; so is one with the same new file twice.
      const fresh = await sampleJpeg();
      const mixed = await upload(t, s, h.id, [{ filename: 'new.jpg', content: fresh }, { filename: 'old.jpg', content: bytes }]);
      assert.deepEqual([mixed.statusCode, mixed.json().details.index, mixed.json().details.filename], [409, 1, 'old.jpg']);
      const twice = await upload(t, s, h.id, [{ filename: 'a.jpg', content: fresh }, { filename: 'b.jpg', content: fresh }]);
      assert.deepEqual([twice.statusCode, twice.json().details.same_as, twice.json().details.existing_photo_id], [409, 'a.jpg', null]);
      assert.deepEqual(storedFiles(t).sort(), files);

      const kept = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${h.id}/photos?allow_duplicate=true`, headers: { ...s.headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: Buffer.from(`--x\r\nContent-Disposition: form-data; name="file"; filename="copy.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${bytes.toString('latin1')}\r\n--x--\r\n`, 'latin1') });
      assert.equal(kept.statusCode, 201, kept.body);
      assert.equal(kept.json().data[0].filename, 'copy.jpg');
      const bad = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${h.id}/photos?allow_duplicate=maybe`, headers: s.headers });
      assert.equal(bad.statusCode, 422, 'a query that is not a boolean');

      // Another collection of the studio is another scope.
      const other = await createCollection(t, s);
      const og = await createGallery(t, s, other.id);
      assert.equal((await upload(t, s, og.id, [{ filename: 'DSC_0001.jpg', content: bytes }])).statusCode, 201);
    } finally {
      await t.close();
    }
  });

  test('the SDK: upload refuses a duplicate with a LightboxError, allowDuplicate stores it; setPhotoOrder and sortPhotos', async () => {
    const live = await startLiveServer();
    try {
      const u = await createUser(live, { studio: 'SDK Order' });
      const client = createClient({ baseUrl: live.url, auth: { type: 'token', email: u.email, password: u.password } });
      const c = await client.collections.create({ name: 'SDK order' });
      const g = await client.galleries.create(c.id, { name: 'Main' });
      const bytes = { filename: 'same.jpg', data: await sampleJpeg() };
      const [one] = await client.photos.upload(g.id, [bytes]);
      await assert.rejects(client.photos.upload(g.id, [bytes]), (err: { status?: number; code?: string }) => err.status === 409 && err.code === 'duplicate_photo');
      const [two] = await client.photos.upload(g.id, [bytes], { allowDuplicate: true });
      assert.ok(one && two && one.id !== two.id);
      assert.deepEqual(await client.galleries.setPhotoOrder(g.id, [two.id, one.id]), [two.id, one.id]);
      assert.deepEqual((await client.galleries.photos(g.id)).data.map((p) => p.id), [two.id, one.id]);
      assert.equal((await client.galleries.sortPhotos(g.id, 'filename')).length, 2);
    } finally {
      await live.close();
    }
  });
});
