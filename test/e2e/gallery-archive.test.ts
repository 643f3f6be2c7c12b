// "Download all" (issue #18): the archive summary, the streamed ZIP of a collection, a gallery or favorites, checked by
// unzipping with yauzl and comparing every entry with the photo it stands for; empty selections, download settings,
// and the download records.
import { test } from 'node:test';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import assert from 'node:assert/strict';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { type TestApp, withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin } from '../helpers/gallery.ts';
import { renderPending } from '../../src/api/photos/renditions.ts';
import { housekeeping } from '../../src/main.ts';

const PASSWORD = 'open sesame';

async function unzip(buf: Buffer): Promise<Map<string, { data: Buffer; method: number }>> {
  const zip: ZipFile = await new Promise((resolve, reject) => fromBuffer(buf, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const out = new Map<string, { data: Buffer; method: number }>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { out.set(entry.fileName, { data: Buffer.concat(chunks), method: entry.compressionMethod }); zip.readEntry(); });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

async function fixture(t: TestApp, downloadable: string) {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Anna & Ben', password: PASSWORD, downloadable });
  const ceremony = await createGallery(t, s, collection.id, { name: 'Ceremony' });
  const party = await createGallery(t, s, collection.id, { name: 'Party' });
  const hidden = await createGallery(t, s, collection.id, { name: 'Proofs', private: true });
  const a = await uploadOne(t, s, ceremony.id, await sampleJpeg({ color: '#a33', width: 64, height: 48 }), 'kiss.jpg');
  const b = await uploadOne(t, s, ceremony.id, await sampleJpeg({ color: '#3a3', width: 48, height: 64 }), 'rings.jpg');
  const c = await uploadOne(t, s, party.id, await sampleJpeg({ color: '#33a' }), 'kiss.jpg');
  await uploadOne(t, s, hidden.id, await sampleJpeg({ color: '#000' }), 'secret.jpg');
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: collection.slug, password: PASSWORD });
  return { s, collection, ceremony, party, photos: { a, b, c }, v };
}

function get(t: TestApp, headers: Record<string, string>, url: string) {
  return t.app.inject({ method: 'GET', url, headers });
}

test('the whole collection as one stored ZIP: summary first, exact Content-Length, entries equal the photos, recorded', () => withTestApp({}, async (t) => {
  const f = await fixture(t, 'original');
  const summary = await get(t, f.v.headers, '/api/v1/gallery/archive/summary?size=original');
  assert.equal(summary.statusCode, 200, summary.body);
  const sum = summary.json().data;
  assert.equal(sum.photos, 3, 'the private gallery is left out');

  const res = await get(t, f.v.headers, sum.url);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/zip');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="Anna & Ben.zip"/);
  assert.equal(Number(res.headers['content-length']), res.rawPayload.length, 'Content-Length computed up front is exact');
  assert.equal(sum.archive_bytes, res.rawPayload.length);

  const entries = await unzip(res.rawPayload);
  assert.deepEqual([...entries.keys()].sort(), ['Ceremony/kiss.jpg', 'Ceremony/rings.jpg', 'Party/kiss.jpg']);
  let total = 0;
  for (const [name, id] of [['Ceremony/kiss.jpg', f.photos.a.id], ['Ceremony/rings.jpg', f.photos.b.id], ['Party/kiss.jpg', f.photos.c.id]] as const) {
    const original = await get(t, f.v.headers, `/api/v1/gallery/photos/${id}/original`);
    assert.equal(original.statusCode, 200);
    assert.ok(entries.get(name)?.data.equals(original.rawPayload), `${name} is the original of ${id}`);
    assert.equal(entries.get(name)?.method, 0, 'stored, not deflated');
    total += original.rawPayload.length;
  }
  assert.equal(sum.bytes, total);

  const downloads = await get(t, { cookie: f.s.cookie }, `/api/v1/collections/${f.collection.id}/downloads?per_page=100`);
  const archived = downloads.json().data.filter((d: { size: string }) => d.size === 'original');
  assert.equal(archived.length, 3 + 3, 'three from the archive, three from the single downloads used to compare');
}));

test('one gallery and my favorites at web size; an empty selection is 422 empty_archive', () => withTestApp({}, async (t) => {
  const f = await fixture(t, 'web-size');
  const gallery = await get(t, f.v.headers, `/api/v1/gallery/archive?scope=gallery&gallery_id=${f.ceremony.id}`);
  assert.equal(gallery.statusCode, 200, gallery.body);
  const entries = await unzip(gallery.rawPayload);
  assert.deepEqual([...entries.keys()].sort(), ['kiss-web.jpg', 'rings-web.jpg']);
  const web = await get(t, f.v.headers, `/api/v1/gallery/photos/${f.photos.a.id}/web`);
  assert.ok(entries.get('kiss-web.jpg')?.data.equals(web.rawPayload));

  const empty = await get(t, f.v.headers, '/api/v1/gallery/archive/summary?scope=favorites');
  assert.equal(empty.statusCode, 422);
  assert.equal(empty.json().code, 'empty_archive');
  assert.equal((await get(t, f.v.headers, '/api/v1/gallery/archive?scope=favorites')).json().code, 'empty_archive');

  for (const p of [f.photos.a, f.photos.c]) {
    const fav = await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers: f.v.headers, payload: { photo_id: p.id } });
    assert.equal(fav.statusCode, 201);
  }
  const favs = await get(t, f.v.headers, '/api/v1/gallery/archive?scope=favorites');
  assert.equal(favs.statusCode, 200);
  assert.match(String(favs.headers['content-disposition']), /favorites\.zip/);
  const names = [...(await unzip(favs.rawPayload)).keys()].sort();
  assert.deepEqual(names, ['kiss-web (2).jpg', 'kiss-web.jpg'], 'two photos named alike get distinct entries');

  const original = await get(t, f.v.headers, '/api/v1/gallery/archive/summary?size=original');
  assert.equal(original.statusCode, 403);
  assert.equal(original.json().code, 'download_not_allowed');
  const missing = await get(t, f.v.headers, '/api/v1/gallery/archive/summary?scope=gallery');
  assert.equal(missing.statusCode, 422);
  const privateGallery = await get(t, f.v.headers, `/api/v1/gallery/archive/summary?scope=gallery&gallery_id=${f.party.id.slice(0, 3)}AAAAAAAAAAAAAAAAAAAAAA`);
  assert.equal(privateGallery.statusCode, 404);
}));

test('no downloads allowed means no archive; cross-site pages and studio sessions cannot fetch it', () => withTestApp({}, async (t) => {
  const f = await fixture(t, 'none');
  assert.equal((await get(t, f.v.headers, '/api/v1/gallery/archive')).json().code, 'download_not_allowed');
  const f2 = await fixture(t, 'web-size');
  const cross = await get(t, { ...f2.v.headers, origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' }, '/api/v1/gallery/archive');
  assert.equal(cross.statusCode, 403);
  const studio = await get(t, { cookie: f2.s.cookie }, '/api/v1/gallery/archive');
  assert.ok(studio.statusCode === 401 || studio.statusCode === 403, String(studio.statusCode));
}));

test('a web-size ZIP that started before a watermark re-render still gets every file it chose, intact', () => withTestApp({}, async (t) => {
  const f = await fixture(t, 'web-size');
  const names = [['Ceremony/kiss-web.jpg', f.photos.a.id], ['Ceremony/rings-web.jpg', f.photos.b.id], ['Party/kiss-web.jpg', f.photos.c.id]] as const;
  const before = new Map<string, Buffer>();
  for (const [name, id] of names) before.set(name, (await get(t, f.v.headers, `/api/v1/gallery/photos/${id}/web`)).rawPayload);

  // The archive opens each file only when it gets to it: hold the first one open until the re-render has switched
  // every photo to its new set, as a slow client holds a big archive.
  const storage = t.deps.storage;
  const read = storage.read.bind(storage);
  let reached!: () => void;
  const atFirst = new Promise<void>((r) => { reached = r; });
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let held = false;
  storage.read = (key, range) => {
    if (held || !/\.web\./.test(key)) return read(key, range);
    held = true;
    const out = new PassThrough();
    reached();
    void released.then(() => pipeline(read(key, range), out).catch((err: unknown) => out.destroy(err as Error)));
    return out;
  };
  try {
    const archive = get(t, f.v.headers, '/api/v1/gallery/archive?scope=collection&size=web-size');
    await atFirst;
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { watermark: { mode: 'text', text: 'PROOF' } } });
    assert.equal(changed.statusCode, 200, changed.body);
    const silent = { error: (): void => {}, warn: (): void => {}, info: (): void => {} };
    const pass = await renderPending({ store: t.store, storage: t.deps.storage, queue: t.deps.imageQueue, log: silent, maxPixels: t.config.photos.maxPixels, clock: t.clock });
    assert.equal(pass.rendered, 4, 'every photo of the collection switched to a new set meanwhile');
    await housekeeping(t.deps); // an hourly housekeeping that runs right then leaves the replaced sets for their grace
    release();
    const res = await archive;
    assert.equal(res.statusCode, 200);
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length, 'the whole archive arrived');
    const entries = await unzip(res.rawPayload);
    assert.deepEqual([...entries.keys()].sort(), names.map(([n]) => n).sort());
    for (const [name] of names) assert.ok(entries.get(name)?.data.equals(before.get(name) as Buffer), `${name}: the copy the archive chose, whole`);
  } finally {
    storage.read = read;
  }
  // New downloads get the new copies.
  const now = await get(t, f.v.headers, `/api/v1/gallery/photos/${f.photos.b.id}/web`);
  assert.ok(!now.rawPayload.equals(before.get('Ceremony/rings-web.jpg') as Buffer), 'a download after the switch gets the watermarked copy');
}));
