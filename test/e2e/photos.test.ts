// Photos API (issue #4): multipart upload, derivatives without metadata, files with ETag and ranges, bad files and limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { type TestApp, withTestApp } from '../helpers/app.ts';
import {
  createCollection, createGallery, jpegWithExif, multipartBody, pngBomb, sampleJpeg, storedFiles, studioSession, upload, uploadOne, type StudioSession,
} from '../helpers/gallery.ts';

async function setup(t: TestApp): Promise<{ s: StudioSession; collectionId: string; galleryId: string }> {
  const s = await studioSession(t);
  const c = await createCollection(t, s);
  const g = await createGallery(t, s, c.id);
  return { s, collectionId: c.id, galleryId: g.id };
}

function get(t: TestApp, s: StudioSession, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie, ...headers } });
}

/** Nothing of a refused upload may remain: no staged or stored file, no row. */
async function assertNothingStored(t: TestApp, s: StudioSession, galleryId: string): Promise<void> {
  assert.deepEqual(storedFiles(t), []);
  const list = await get(t, s, `/api/v1/galleries/${galleryId}/photos`);
  assert.equal(list.json().meta.total, 0);
}

test('upload one and several images; metadata, listing and counts', () => withTestApp({}, async (t) => {
  const { s, collectionId, galleryId } = await setup(t);
  const png = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } }).png().toBuffer();
  const webp = await sharp({ create: { width: 10, height: 40, channels: 3, background: '#123456' } }).webp().toBuffer();
  const res = await upload(t, s, galleryId, [
    { filename: '../../etc/IMG_0001.JPG', content: await jpegWithExif() },
    { filename: 'leaf.png', content: png, type: 'application/octet-stream', field: 'files' },
    { filename: 'tall.webp', content: webp },
  ]);
  assert.equal(res.statusCode, 201, res.body);
  const [jpeg, p, w] = res.json().data;
  assert.match(jpeg.id, /^ph_[0-9A-Za-z]{22}$/);
  assert.equal(jpeg.filename, 'IMG_0001.JPG', 'path components are dropped');
  assert.equal(jpeg.content_type, 'image/jpeg');
  assert.equal(jpeg.width, 800);
  assert.equal(jpeg.height, 600);
  assert.equal(jpeg.taken_at, '2024-05-06T07:08:09.000Z');
  assert.equal(jpeg.gallery_id, galleryId);
  assert.equal(jpeg.collection_id, collectionId);
  assert.equal(p.content_type, 'image/png', 'the declared type is ignored; the bytes decide');
  assert.deepEqual([p.width, p.height, p.taken_at], [30, 20, null]);
  assert.equal(w.content_type, 'image/webp');
  assert.equal(w.size, (await sharp({ create: { width: 10, height: 40, channels: 3, background: '#123456' } }).webp().toBuffer()).length);

  const meta = await get(t, s, `/api/v1/photos/${jpeg.id}`);
  assert.equal(meta.statusCode, 200);
  assert.deepEqual(meta.json().data, jpeg);
  const list = await get(t, s, `/api/v1/galleries/${galleryId}/photos?per_page=2`);
  assert.deepEqual(list.json().meta, { current_page: 1, per_page: 2, total: 3, total_pages: 2 });
  const c = await get(t, s, `/api/v1/collections/${collectionId}`);
  assert.equal(c.json().data.photo_count, 3);
  assert.equal(storedFiles(t).length, 3 * 7, 'per photo: the original, and thumbnail, medium and web size as JPEG and WebP');
}));

test('derivatives drop EXIF and GPS; the original keeps them', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await setup(t);
  const photo = await uploadOne(t, s, galleryId, await jpegWithExif());
  const original = await get(t, s, `/api/v1/photos/${photo.id}/original`);
  assert.equal(original.statusCode, 200);
  assert.equal(original.headers['content-type'], 'image/jpeg');
  const om = await sharp(original.rawPayload).metadata();
  assert.ok(om.exif && om.exif.includes(Buffer.from('Test Camera')), 'original keeps EXIF');
  assert.ok(om.exif.includes(Buffer.from([0x88, 0x25])) || om.exif.includes(Buffer.from([0x25, 0x88])), 'original keeps the GPS IFD pointer');
  for (const [variant, edge] of [['web', 2048], ['thumbnail', 400]] as const) {
    const res = await get(t, s, `/api/v1/photos/${photo.id}/${variant}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/jpeg');
    const m = await sharp(res.rawPayload).metadata();
    assert.equal(m.exif, undefined, `${variant} has no EXIF`);
    assert.equal(m.xmp, undefined);
    assert.ok(!res.rawPayload.includes(Buffer.from('Test Camera')));
    assert.ok(Math.max(m.width ?? 0, m.height ?? 0) <= edge);
  }
}));

test('files: ETag and If-None-Match 304; Range 206/416 on originals', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await setup(t);
  const photo = await uploadOne(t, s, galleryId, await jpegWithExif());
  const url = `/api/v1/photos/${photo.id}/original`;
  const full = await get(t, s, url);
  const bytes = full.rawPayload;
  const etag = String(full.headers.etag);
  assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
  assert.equal(full.headers['accept-ranges'], 'bytes');
  assert.equal(Number(full.headers['content-length']), bytes.length);
  assert.equal(bytes.length, photo.size);

  const cached = await get(t, s, url, { 'if-none-match': etag });
  assert.equal(cached.statusCode, 304);
  assert.equal(cached.rawPayload.length, 0);
  assert.equal((await get(t, s, url, { 'if-none-match': `"nope", ${etag}` })).statusCode, 304);
  assert.equal((await get(t, s, url, { 'if-none-match': '"nope"' })).statusCode, 200);

  const part = await get(t, s, url, { range: 'bytes=0-99' });
  assert.equal(part.statusCode, 206);
  assert.equal(part.headers['content-range'], `bytes 0-99/${bytes.length}`);
  assert.deepEqual(part.rawPayload, bytes.subarray(0, 100));
  const tail = await get(t, s, url, { range: 'bytes=-10' });
  assert.deepEqual(tail.rawPayload, bytes.subarray(bytes.length - 10));
  const open = await get(t, s, url, { range: `bytes=${bytes.length - 5}-` });
  assert.equal(open.headers['content-range'], `bytes ${bytes.length - 5}-${bytes.length - 1}/${bytes.length}`);
  const clamped = await get(t, s, url, { range: `bytes=10-${bytes.length + 1000}` });
  assert.equal(clamped.statusCode, 206);
  assert.equal(clamped.rawPayload.length, bytes.length - 10);

  for (const range of [`bytes=${bytes.length}-`, 'bytes=50-10', 'bytes=-0']) {
    const res = await get(t, s, url, { range });
    assert.equal(res.statusCode, 416, range);
    assert.equal(res.headers['content-range'], `bytes */${bytes.length}`);
    assert.equal(res.json().code, 'range_not_satisfiable');
  }
  for (const range of ['bytes=0-1,5-6', 'items=0-5', 'bytes=abc']) assert.equal((await get(t, s, url, { range })).statusCode, 200, range);
  assert.equal((await get(t, s, url, { range: 'bytes=0-9', 'if-range': '"stale"' })).statusCode, 200);
  assert.equal((await get(t, s, url, { range: 'bytes=0-9', 'if-range': etag })).statusCode, 206);

  const web = await get(t, s, `/api/v1/photos/${photo.id}/web`, { range: 'bytes=0-9' });
  assert.equal(web.statusCode, 200, 'derivatives are sent whole');
  assert.notEqual(web.headers.etag, etag);
  assert.equal((await get(t, s, `/api/v1/photos/${photo.id}/web`, { 'if-none-match': String(web.headers.etag) })).statusCode, 304);
}));

test('bad files are refused with a clear 4xx and leave nothing behind', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await setup(t);
  const jpeg = await jpegWithExif();
  const cases: Array<[string, Buffer, number, string]> = [
    ['text file named .jpg', Buffer.from('hello, I am not an image\n'.repeat(20)), 422, 'invalid_image'],
    ['zero-byte file', Buffer.alloc(0), 422, 'invalid_image'],
    ['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 422, 'invalid_image'],
    ['decompression bomb (100k × 100k PNG header)', pngBomb(100_000, 100_000), 422, 'image_too_large'],
    ['GIF (not accepted)', await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer(), 422, 'invalid_image'],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 422, 'invalid_image'],
  ];
  for (const [name, content, status, code] of cases) {
    const res = await upload(t, s, galleryId, [{ filename: 'photo.jpg', content }]);
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    assert.equal(res.json().code, code, name);
    assert.equal(res.json().details.filename, 'photo.jpg');
    await assertNothingStored(t, s, galleryId);
  }
  const mixed = await upload(t, s, galleryId, [{ filename: 'good.jpg', content: await sampleJpeg() }, { filename: 'bad.jpg', content: Buffer.from('nope') }]);
  assert.equal(mixed.statusCode, 422);
  assert.equal(mixed.json().details.index, 1);
  await assertNothingStored(t, s, galleryId);
  const none = multipartBody([], { note: 'no files' });
  const empty = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${galleryId}/photos`, headers: { ...s.headers, 'content-type': none.contentType }, payload: none.payload });
  assert.equal(empty.statusCode, 422);
  const json = await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${galleryId}/photos`, headers: s.headers, payload: { file: 'x' } });
  assert.equal(json.statusCode, 415);
}));

test('a real decompression bomb is refused under the configured pixel limit', () => withTestApp({ photos: { maxPixels: 1_000_000 } }, async (t) => {
  const { s, galleryId } = await setup(t);
  const bomb = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
  assert.ok(bomb.length < 100_000, 'kilobytes that decode to 27 MB');
  const res = await upload(t, s, galleryId, [{ filename: 'bomb.png', content: bomb }]);
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'image_too_large');
  await assertNothingStored(t, s, galleryId);
}));

test('size and count limits: over-size files are 413, too many files are 413, nothing kept', () => withTestApp({ photos: { maxUploadBytes: 2000, maxFilesPerUpload: 2 } }, async (t) => {
  const { s, galleryId } = await setup(t);
  const big = await jpegWithExif();
  assert.ok(big.length > 2000);
  const tooBig = await upload(t, s, galleryId, [{ filename: 'big.jpg', content: big }]);
  assert.equal(tooBig.statusCode, 413);
  assert.equal(tooBig.json().code, 'payload_too_large');
  assert.equal(tooBig.json().details.max_bytes, 2000);
  await assertNothingStored(t, s, galleryId);
  // Each a different file (sampleJpeg's bytes differ per call): the same bytes twice would be refused as a duplicate first.
  const small = [await sampleJpeg({ width: 8, height: 8 }), await sampleJpeg({ width: 8, height: 8 }), await sampleJpeg({ width: 8, height: 8 })];
  assert.ok(small.length < 2000);
  const many = await upload(t, s, galleryId, [1, 2, 3].map((i) => ({ filename: `${i}.jpg`, content: small[i - 1] as Buffer })));
  assert.equal(many.statusCode, 413);
  await assertNothingStored(t, s, galleryId);
  assert.equal((await upload(t, s, galleryId, [1, 2].map((i) => ({ filename: `${i}.jpg`, content: small[i - 1] as Buffer })))).statusCode, 201);
}));

test('an upload interrupted mid-stream leaves no staged file and no row', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await setup(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const image = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg({ quality: 100 }).toBuffer();
  const body = multipartBody([{ filename: 'first.jpg', content: await sampleJpeg() }, { filename: 'cut.jpg', content: image }]);
  const cut = body.payload.length - Math.floor(image.length / 2);
  await new Promise<void>((resolve) => {
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: `/api/v1/galleries/${galleryId}/photos`, headers: { ...s.headers, 'content-type': body.contentType, 'content-length': body.payload.length } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(body.payload.subarray(0, cut), () => {
      setTimeout(() => { req.destroy(); resolve(); }, 300);
    });
  });
  const deadline = Date.now() + 5000;
  while (storedFiles(t).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await assertNothingStored(t, s, galleryId);

  // A body that ends inside a file part (no closing boundary): a 400, not a 500, and nothing kept.
  const malformed = await fetch(`http://127.0.0.1:${port}/api/v1/galleries/${galleryId}/photos`, {
    method: 'POST', headers: { ...s.headers, 'content-type': 'multipart/form-data; boundary=xyz' },
    body: `--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n${(await sampleJpeg()).toString('latin1')}`,
  });
  assert.equal(malformed.status, 400);
  assert.equal(((await malformed.json()) as { code: string }).code, 'bad_request');
  await assertNothingStored(t, s, galleryId);
}));

test('roles and isolation: viewers cannot upload; another studio sees 404; wrong prefixes are 400', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await setup(t);
  const photo = await uploadOne(t, s, galleryId);
  const viewer = await studioSession(t, { studio: (await t.store.studios.findStudioById(s.studioId))?.name ?? '', role: 'viewer' });
  assert.equal((await upload(t, viewer, galleryId, [{ filename: 'a.jpg', content: await sampleJpeg() }])).statusCode, 403);
  assert.equal((await get(t, viewer, `/api/v1/photos/${photo.id}/original`)).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/photos/${photo.id}`, headers: viewer.headers })).statusCode, 403);

  const other = await studioSession(t);
  assert.equal((await upload(t, other, galleryId, [{ filename: 'a.jpg', content: await sampleJpeg() }])).statusCode, 404);
  for (const path of ['', '/thumbnail', '/medium', '/web', '/original']) {
    const res = await get(t, other, `/api/v1/photos/${photo.id}${path}`);
    assert.equal(res.statusCode, 404, path);
    assert.equal(res.json().code, 'not_found');
    const bad = await get(t, s, `/api/v1/photos/ga_AAAAAAAAAAAAAAAAAAAAAA${path}`);
    assert.equal(bad.json().code, 'invalid_id_format', path);
  }
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/photos/${photo.id}`, headers: other.headers })).statusCode, 404);
  assert.equal((await get(t, other, `/api/v1/galleries/${galleryId}/photos`)).statusCode, 404);
  assert.equal(storedFiles(t).length, 7);
  const noCsrf = multipartBody([{ filename: 'a.jpg', content: await sampleJpeg() }]);
  assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/galleries/${galleryId}/photos`, headers: { cookie: s.cookie, 'content-type': noCsrf.contentType }, payload: noCsrf.payload })).statusCode, 403);

  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/photos/${photo.id}`, headers: s.headers })).statusCode, 204);
  assert.deepEqual(storedFiles(t), []);
  assert.equal((await get(t, s, `/api/v1/photos/${photo.id}`)).statusCode, 404);
}));
