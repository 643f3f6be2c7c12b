// issue #18: every photo is served at three widths (thumbnail, medium, web), each as JPEG and WebP, listed for srcset;
// photos made before the medium size and WebP copies existed keep working (the nearest file answers) until the
// background backfill renders them, one at a time through the image queue, stoppable; crash leftovers of a render
// the row never switched to are dropped at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, storedFiles, studioSession, uploadOne, visitorLogin, type StudioSession } from '../helpers/gallery.ts';
import { RENDER_CLAIM_MS, REPLACED_SET_GRACE_MS, RenderWorker, removeUnusedRenderSets, renderPending, type RenderDeps } from '../../src/api/photos/renditions.ts';
import type { ImageWork } from '../../src/http/deps.ts';
import { photoKey, photoKeys } from '../../src/api/photos/files.ts';
import { settleStagedPhotos } from '../../src/api/photos/service.ts';
import { generateId } from '../../src/lib/ids.ts';
import { housekeeping } from '../../src/main.ts';
import type { PhotoRecord } from '../../src/store/types.ts';

const silent = { error: (): void => {}, warn: (): void => {}, info: (): void => {} };
const renderDeps = (t: TestApp, log: RenderDeps['log'] = silent): RenderDeps => ({ store: t.store, storage: t.deps.storage, queue: t.deps.imageQueue, log, maxPixels: t.config.photos.maxPixels, clock: t.clock });

function scenic(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4a6fa5"/><stop offset="1" stop-color="#e0a96d"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.3}" cy="${height * 0.4}" r="${height * 0.2}" fill="#f5e6c8"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const get = (t: TestApp, headers: Record<string, string>, url: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'GET', url, headers: { ...headers, ...extra } });

async function scene(t: TestApp): Promise<{ s: StudioSession; collection: { id: string; slug: string }; galleryId: string }> {
  const s = await studioSession(t);
  const collection = await createCollection(t, s);
  return { s, collection, galleryId: (await createGallery(t, s, collection.id)).id };
}

/** A photo as a version before migration 0020 stored it: the original, the thumbnail and web JPEG, nothing else. */
async function legacyPhoto(t: TestApp, from: PhotoRecord): Promise<PhotoRecord> {
  const legacy: PhotoRecord = {
    ...from, id: generateId('ph'), sha256: `legacy-${from.sha256}`, renderId: '', watermarkRev: 0,
    mediumSize: null, thumbnailWebpSize: null, mediumWebpSize: null, webWebpSize: null, createdAt: from.createdAt - 1000,
  };
  await t.store.photos.insertPhotos([legacy]);
  for (const variant of ['original', 'thumbnail', 'web'] as const) {
    const chunks: Buffer[] = [];
    for await (const c of t.deps.storage.read(photoKey(from.studioId, from.id, variant))) chunks.push(c as Buffer);
    const f = await t.deps.storage.stage();
    await writeFile(f.path, Buffer.concat(chunks));
    await t.deps.storage.commit(f, photoKey(legacy.studioId, legacy.id, variant));
  }
  return legacy;
}

test('WebP copies are served as image/webp; every srcset width the API and the page list exists at that width', () => withTestApp({}, async (t) => {
  const { s, collection, galleryId } = await scene(t);
  const photo = await uploadOne(t, s, galleryId, await scenic(3000, 2000), 'wide.jpg');
  const images = photo.images as Array<{ size: string; width: number; height: number; url: string; webp_url: string }>;
  assert.deepEqual(images.map((i) => [i.size, i.width, i.height]), [['thumbnail', 400, 267], ['medium', 1024, 683], ['web', 2048, 1365]]);
  assert.equal(photo.medium_url, `/api/v1/photos/${photo.id}/medium`);
  for (const image of images) {
    const jpeg = await get(t, s.headers, image.url);
    const webp = await get(t, s.headers, image.webp_url);
    assert.equal(jpeg.headers['content-type'], 'image/jpeg', image.url);
    assert.equal(webp.headers['content-type'], 'image/webp', image.webp_url);
    const [jm, wm] = [await sharp(jpeg.rawPayload).metadata(), await sharp(webp.rawPayload).metadata()];
    assert.deepEqual([jm.format, jm.width, jm.height], ['jpeg', image.width, image.height], `${image.size} JPEG at its listed size`);
    assert.deepEqual([wm.format, wm.width, wm.height], ['webp', image.width, image.height], `${image.size} WebP at its listed size`);
    assert.notEqual(jpeg.headers.etag, webp.headers.etag);
    assert.equal((await get(t, s.headers, image.webp_url, { 'if-none-match': String(webp.headers.etag) })).statusCode, 304);
    assert.equal(Number(webp.headers['content-length']), webp.rawPayload.length);
  }
  const web = await get(t, s.headers, `/api/v1/photos/${photo.id}/web`);
  const webWebp = await get(t, s.headers, `/api/v1/photos/${photo.id}/web?format=webp`);
  assert.ok(webWebp.rawPayload.length < web.rawPayload.length, `WebP is smaller: ${webWebp.rawPayload.length} against ${web.rawPayload.length} bytes`);
  assert.equal((await get(t, s.headers, `/api/v1/photos/${photo.id}/web?format=gif`)).statusCode, 422);

  // The visitor sees the same sizes, and the page's srcset lists exactly those widths.
  const v = await visitorLogin(t, { email: 'anna@example.test', collection: collection.slug });
  const seen = (await get(t, v.headers, `/api/v1/gallery/photos/${photo.id}`)).json().data;
  assert.deepEqual(seen.images.map((i: { width: number }) => i.width), [400, 1024, 2048]);
  const webp = await get(t, v.headers, seen.images[1].webp_url);
  assert.deepEqual([webp.statusCode, webp.headers['content-type']], [200, 'image/webp']);
  const page = await get(t, { cookie: v.cookie }, `/galleries/${collection.slug}`);
  const tile = new RegExp(`<source type="image/webp" srcset="([^"]+)"[^>]*><img src="/api/v1/gallery/photos/${photo.id}/thumbnail" srcset="([^"]+)"`).exec(page.body);
  assert.ok(tile, 'the tile is a <picture> with a WebP source');
  for (const set of [tile[1], tile[2]]) {
    const candidates = (set ?? '').split(', ').map((c) => c.split(' '));
    assert.deepEqual(candidates.map((c) => c[1]), ['400w', '1024w', '2048w']);
    for (const [url, w] of candidates) {
      const res = await get(t, v.headers, (url ?? '').replaceAll('&amp;', '&'));
      assert.equal((await sharp(res.rawPayload).metadata()).width, Number(w?.slice(0, -1)), `${url} is ${w} wide`);
    }
  }

  const small = await uploadOne(t, s, galleryId, await scenic(300, 200), 'small.jpg');
  assert.deepEqual((small.images as Array<{ size: string; width: number }>).map((i) => [i.size, i.width]), [['web', 300]], 'one width: the web copy alone');
}));

test('a photo made before the new sizes keeps working, and the backfill renders its medium and WebP copies', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await scene(t);
  const fresh = await uploadOne(t, s, galleryId, await scenic(2400, 1600), 'fresh.jpg');
  const row = await t.store.photos.findPhoto(s.studioId, fresh.id);
  assert.ok(row);
  const legacy = await legacyPhoto(t, row);
  // And one whose files were lost: its render fails, and must not stop the others'.
  await t.store.photos.insertPhotos([{ ...legacy, id: generateId('ph'), sha256: 'lost' }]);

  // Before the backfill: the nearest file answers every URL; the API offers no WebP and no medium size.
  const listed = (await get(t, s.headers, `/api/v1/photos/${legacy.id}`)).json().data;
  assert.deepEqual(listed.images.map((i: { size: string; webp_url: string | null }) => [i.size, i.webp_url]), [['thumbnail', null], ['web', null]]);
  const medium = await get(t, s.headers, `/api/v1/photos/${legacy.id}/medium`);
  assert.deepEqual([medium.statusCode, medium.headers['content-type'], (await sharp(medium.rawPayload).metadata()).width], [200, 'image/jpeg', 2048], 'medium: the web copy');
  const asWebp = await get(t, s.headers, `/api/v1/photos/${legacy.id}/web?format=webp`);
  assert.deepEqual([asWebp.statusCode, asWebp.headers['content-type']], [200, 'image/jpeg'], 'WebP asked, JPEG answered, and labelled so');
  const oldEtag = String((await get(t, s.headers, `/api/v1/photos/${legacy.id}/web`)).headers.etag);
  assert.equal(oldEtag, `"${legacy.sha256}.web"`, 'the first set keeps the validator it always had');

  const warnings: unknown[] = [];
  const log = { ...silent, warn: (o: Record<string, unknown>): void => { warnings.push(o.photoId); } };
  const stopped = new AbortController();
  stopped.abort();
  assert.deepEqual(await renderPending(renderDeps(t, log), { signal: stopped.signal }), { rendered: 0, failed: 0, skipped: 0, superseded: 0, complete: false }, 'a closing server stops it');

  const pass = await renderPending(renderDeps(t, log), { batch: 1 });
  assert.deepEqual(pass, { rendered: 1, failed: 1, skipped: 0, superseded: 0, complete: true }, 'the legacy photo rendered; the one without its original failed, and the walk went on');
  assert.equal(warnings.length, 1, 'the failure is logged');
  const after = await t.store.photos.findPhoto(s.studioId, legacy.id);
  assert.ok(after && after.renderId !== '' && after.mediumSize !== null && after.webWebpSize !== null);
  const webp = await get(t, s.headers, `/api/v1/photos/${legacy.id}/web?format=webp`);
  assert.deepEqual([webp.headers['content-type'], (await sharp(webp.rawPayload).metadata()).format], ['image/webp', 'webp']);
  assert.equal((await sharp((await get(t, s.headers, `/api/v1/photos/${legacy.id}/medium`)).rawPayload).metadata()).width, 1024);
  assert.equal((await get(t, s.headers, `/api/v1/photos/${legacy.id}/web`, { 'if-none-match': oldEtag })).statusCode, 200, 'a new copy, a new validator');
  assert.ok(storedFiles(t).includes(photoKey(s.studioId, legacy.id, 'web')), 'the first set stays for the grace');
  t.clock.advance(REPLACED_SET_GRACE_MS / 1000);
  await housekeeping(t.deps);
  const files = storedFiles(t);
  assert.ok(!files.includes(photoKey(s.studioId, legacy.id, 'web')), 'then the housekeeping removes it');
  for (const key of photoKeys(s.studioId, legacy.id, after.renderId, { original: true })) assert.ok(files.includes(key), key);
  assert.ok(files.includes(photoKey(s.studioId, fresh.id, 'web', { format: 'webp' })), 'a photo made with every size is left alone');
  assert.deepEqual(await renderPending(renderDeps(t, log)), { rendered: 0, failed: 1, skipped: 0, superseded: 0, complete: true }, 'only the broken one is left, and it is tried again');
}));

test('the render worker: a wake starts a pass (a wake meanwhile runs it again), stop ends it; leftovers of a render the row never took are dropped', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await scene(t);
  const fresh = await uploadOne(t, s, galleryId, await scenic(800, 600), 'a.jpg');
  const row = await t.store.photos.findPhoto(s.studioId, fresh.id);
  assert.ok(row);
  const legacy = [await legacyPhoto(t, row), await legacyPhoto(t, row)];
  const worker = new RenderWorker(renderDeps(t));
  worker.wake();
  worker.wake();
  await worker.idle();
  for (const p of legacy) assert.notEqual((await t.store.photos.findPhoto(s.studioId, p.id))?.mediumSize, null, `${p.id} rendered`);
  await worker.stop();
  const third = await legacyPhoto(t, row);
  worker.wake();
  await worker.idle();
  assert.equal((await t.store.photos.findPhoto(s.studioId, third.id))?.mediumSize, null, 'a stopped worker starts nothing');

  // A crash while a render's files were staged (or committed before the row switched): they are nobody's.
  const orphan = await t.deps.storage.stage(photoKey(s.studioId, fresh.id, 'web', { format: 'webp', renderId: 'Zz9Zz9Zz9Zz9' }));
  await writeFile(orphan.path, 'partial');
  const ours = await t.deps.storage.unstage(photoKey(s.studioId, fresh.id, 'medium', { format: 'webp' }));
  assert.ok(ours);
  assert.deepEqual(await settleStagedPhotos(t.deps), { completed: 1, removed: 1 });
  assert.ok(storedFiles(t).includes(photoKey(s.studioId, fresh.id, 'medium', { format: 'webp' })), 'the row\'s own file goes back in place');
  assert.ok(!storedFiles(t).some((f) => f.includes('Zz9Zz9Zz9Zz9')), 'the other render\'s file is removed');
}));

test('instances sharing a database split a backfill: two passes at once render each photo once; a photo another pass holds waits for its claim', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await scene(t);
  const fresh = await uploadOne(t, s, galleryId, await scenic(800, 600), 'a.jpg');
  const row = await t.store.photos.findPhoto(s.studioId, fresh.id);
  assert.ok(row);
  const legacy: PhotoRecord[] = [];
  for (let i = 0; i < 4; i++) legacy.push(await legacyPhoto(t, row));
  // Each pass with its own view of the image queue, counting the renders it starts (as two instances would).
  const counted = (): { deps: RenderDeps; renders: () => number } => {
    let n = 0;
    const queue: ImageWork = { run: (task, options) => { n++; return t.deps.imageQueue.run(task, options); }, get load() { return t.deps.imageQueue.load; } };
    return { deps: { ...renderDeps(t), queue }, renders: () => n };
  };
  const a = counted();
  const b = counted();
  const [pa, pb] = await Promise.all([renderPending(a.deps, { batch: 2 }), renderPending(b.deps, { batch: 2 })]);
  assert.equal(pa.rendered + pb.rendered, 4, 'every photo rendered');
  assert.equal(a.renders() + b.renders(), 4, `each once: ${a.renders()} + ${b.renders()} renders, not one set per pass`);
  assert.ok(pa.skipped + pb.skipped >= 1, 'the first photo both passes reached went to one of them');
  assert.equal(pa.superseded + pb.superseded, 0, 'no render thrown away');
  for (const p of legacy) assert.notEqual((await t.store.photos.findPhoto(s.studioId, p.id))?.mediumSize, null);

  // Another instance claimed a photo and died: the photo waits for the claim to lapse, then any pass renders it.
  const orphaned = await legacyPhoto(t, row);
  assert.equal(await t.store.photos.claimRender(orphaned.id, '', t.clock.now(), t.clock.now() + RENDER_CLAIM_MS), true);
  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 0, failed: 0, skipped: 1, superseded: 0, complete: true });
  t.clock.advance(RENDER_CLAIM_MS / 1000);
  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 1, failed: 0, skipped: 0, superseded: 0, complete: true });
}));

test('a render that died midway leaves no files behind: the housekeeping removes a new set never named (after its claim), and a replaced set after its grace', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await scene(t);
  const fresh = await uploadOne(t, s, galleryId, await scenic(800, 600), 'a.jpg');
  const row = await t.store.photos.findPhoto(s.studioId, fresh.id);
  assert.ok(row);
  const setFiles = (photoId: string, renderId: string): string[] => photoKeys(s.studioId, photoId, renderId, { original: false }).filter((k) => storedFiles(t).includes(k));
  const newSets = (photoId: string): string[] => [...new Set(storedFiles(t).filter((k) => k.includes(photoId)).map((k) => /\.([A-Za-z0-9]{12})\.[a-z]+$/.exec(k)?.[1]).filter((r): r is string => r !== undefined))];

  // 1. The database went away after the new set was written: the row is not switched and the render cannot clean up
  //    (as when its process is killed there). The set's files stay, noted as being written.
  const first = await legacyPhoto(t, row);
  const unreachable = (): Promise<never> => Promise.reject(new Error('database unreachable'));
  const dying: RenderDeps = { ...renderDeps(t), store: { watermarks: t.store.watermarks, photos: { ...t.store.photos, replaceRendition: unreachable, retireRenderSet: unreachable } } };
  assert.deepEqual(await renderPending(dying, { batch: 10 }), { rendered: 0, failed: 1, skipped: 0, superseded: 0, complete: true });
  const [orphaned] = newSets(first.id);
  assert.ok(orphaned, 'the render wrote its set');
  assert.equal(setFiles(first.id, orphaned).length, 6, 'six derivative files of the unnamed set');
  assert.equal((await t.store.photos.findPhoto(s.studioId, first.id))?.renderId, '', 'the row still names its first set');

  // Before the claim ends the set may still be a live render's: the housekeeping leaves it.
  await housekeeping(t.deps);
  assert.equal(setFiles(first.id, orphaned).length, 6, 'left alone while its claim runs');
  t.clock.advance(RENDER_CLAIM_MS / 1000 + 1);
  await housekeeping(t.deps);
  assert.deepEqual(setFiles(first.id, orphaned), [], 'removed once the claim has ended');
  assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), [], 'and the note is gone');
  for (const variant of ['original', 'thumbnail', 'web'] as const) {
    assert.equal((await get(t, s.headers, `/api/v1/photos/${first.id}/${variant}`)).statusCode, 200, `the photo's own ${variant} still serves`);
  }

  // 2. The row switched to the new set: the old one stays for the grace (a web-size ZIP that chose its files before the
  //    switch opens them later), then the housekeeping removes it; a storage error then leaves the note for the next.
  const second = await legacyPhoto(t, row);
  const pass = await renderPending(renderDeps(t), { batch: 10 });
  assert.equal(pass.rendered, 2, 'both left-over photos rendered (the first one again, now its claim ended)');
  const switched = await t.store.photos.findPhoto(s.studioId, second.id);
  assert.ok(switched && switched.renderId !== '');
  const oldSet = ['thumbnail', 'web'].map((v) => photoKey(s.studioId, second.id, v as 'web')).sort();
  assert.deepEqual(setFiles(second.id, '').sort(), oldSet, 'the old set is still there');
  await housekeeping(t.deps);
  assert.deepEqual(setFiles(second.id, '').sort(), oldSet, 'and stays until the grace ends');
  t.clock.advance(REPLACED_SET_GRACE_MS / 1000);
  const storage = t.deps.storage;
  const remove = storage.remove.bind(storage);
  storage.remove = (): Promise<void> => Promise.reject(new Error('storage unreachable'));
  try {
    await housekeeping(t.deps);
  } finally {
    storage.remove = remove;
  }
  assert.deepEqual(setFiles(second.id, '').sort(), oldSet, 'a storage error: the files stay, and so does the note');
  await housekeeping(t.deps);
  assert.deepEqual(setFiles(second.id, ''), [], 'the next housekeeping removed the old set');
  assert.equal(setFiles(second.id, switched.renderId).length, 6, 'and left the set the row names');
  assert.equal((await get(t, s.headers, `/api/v1/photos/${second.id}/medium?format=webp`)).statusCode, 200);
  assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), []);
  assert.equal(setFiles(fresh.id, row.renderId).length, 6, 'a photo no render touched keeps every file');
}));

test('the housekeeping walks past a set it cannot remove: every other due set goes, a page at a time, and the one left waits for the next', () => withTestApp({}, async (t) => {
  const { s, galleryId } = await scene(t);
  const photos = [];
  for (const [i, name] of ['a.jpg', 'b.jpg', 'c.jpg'].entries()) photos.push(await uploadOne(t, s, galleryId, await scenic(120 + i, 90), name));
  // One replaced set per photo, each file present, noted unused and due now.
  for (const [i, photo] of photos.entries()) {
    const renderId = `r0000000000${i}`;
    for (const key of photoKeys(s.studioId, photo.id, renderId, { original: false })) {
      const staged = await t.deps.storage.stage(key);
      await writeFile(staged.path, `an old copy of ${photo.id}`);
      await t.deps.storage.commit(staged, key);
    }
    await t.store.photos.noteRenderSet({ photoId: photo.id, studioId: s.studioId, renderId }, t.clock.now());
    assert.equal(await t.store.photos.retireRenderSet(photo.id, renderId), true);
  }
  const stuck = photos[1]!;
  const storage = t.deps.storage;
  const remove = storage.remove.bind(storage);
  storage.remove = (key: string): Promise<void> => key.includes(stuck.id) ? Promise.reject(new Error('storage unreachable')) : remove(key);
  const errors: string[] = [];
  const log = { error: (obj: Record<string, unknown>, msg: string): void => { errors.push(`${String(obj.photoId)}: ${msg}`); } };
  let result;
  try {
    result = await removeUnusedRenderSets({ store: t.store, storage, clock: t.clock, log }, 1);
  } finally {
    storage.remove = remove;
  }
  assert.deepEqual(result, { removed: 2, failed: 1 }, 'one set a page: the walk went on past the failure and ended');
  assert.deepEqual(errors, [`${stuck.id}: could not remove an unused photo set; the next housekeeping tries again`]);
  const left = (photoId: string, i: number): string[] => photoKeys(s.studioId, photoId, `r0000000000${i}`, { original: false }).filter((k) => storedFiles(t).includes(k));
  assert.deepEqual([left(photos[0]!.id, 0).length, left(stuck.id, 1).length, left(photos[2]!.id, 2).length], [0, 6, 0]);
  assert.deepEqual((await t.store.photos.listRenderSetsDue(t.clock.now(), 10)).map((r) => r.photoId), [stuck.id], 'only the set left in place is still noted');
  assert.deepEqual(await removeUnusedRenderSets({ store: t.store, storage, clock: t.clock, log }, 1), { removed: 1, failed: 0 }, 'the next sweep removes it');
  assert.deepEqual(left(stuck.id, 1), []);
  for (const photo of photos) assert.equal((await get(t, s.headers, `/api/v1/photos/${photo.id}/web`)).statusCode, 200, 'each photo still serves its own set');
}));
