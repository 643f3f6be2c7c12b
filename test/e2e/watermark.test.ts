// issue #18: a collection's watermark, burned into the medium and web-size copies (JPEG and WebP) by sharp when they
// are made, never into originals or thumbnails; a change re-renders them in the background (the old copies served
// until each new one is committed), with progress in the collection; a logo that is not an image is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { LightMyRequestResponse } from 'fastify';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { assertJsonError } from '../helpers/http.ts';
import {
  createCollection, createGallery, multipartBody, storedFiles, studioSession, uploadOne, visitorLogin, type StudioSession, withJpegComment,
} from '../helpers/gallery.ts';
import { REPLACED_SET_GRACE_MS, renderPending, type RenderDeps } from '../../src/api/photos/renditions.ts';
import { housekeeping } from '../../src/main.ts';
import { watermarkBox, type WatermarkSpec } from '../../src/api/photos/watermark-overlay.ts';
import { photoKeys } from '../../src/api/photos/files.ts';

const DARK = '#1c1c22';
const TEXT_MARK = { mode: 'text', text: 'PROOF · Nordlicht', position: 'center', opacity: 0.9, scale: 0.5 } as const;
const TEXT_SPEC: WatermarkSpec = { art: { kind: 'text', text: TEXT_MARK.text }, position: 'center', opacity: 0.9, scale: 0.5 };

const silent = { error: (): void => {}, warn: (): void => {}, info: (): void => {} };
const renderDeps = (t: TestApp): RenderDeps => ({ store: t.store, storage: t.deps.storage, queue: t.deps.imageQueue, log: silent, maxPixels: t.config.photos.maxPixels, clock: t.clock });

function darkJpeg(width = 1600, height = 1000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: DARK } }).jpeg({ quality: 92 }).toBuffer();
}

/** Mean brightness (0–255, over R, G and B) of a region of an image (decoded here: sharp's stats() ignores extract). */
async function meanIn(image: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().extract(box).raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (const v of data) sum += v;
  return sum / (info.width * info.height * info.channels);
}

const scaled = (box: { left: number; top: number; width: number; height: number }, f: number): { left: number; top: number; width: number; height: number } => ({
  left: Math.floor(box.left * f), top: Math.floor(box.top * f), width: Math.max(1, Math.floor(box.width * f)), height: Math.max(1, Math.floor(box.height * f)),
});

function get(t: TestApp, s: { headers: Record<string, string> }, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers: { ...s.headers, ...headers } });
}

function patch(t: TestApp, s: StudioSession, id: string, body: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${id}`, headers: s.headers, payload: body as Record<string, unknown> });
}

function putLogo(t: TestApp, s: StudioSession, id: string, content: Buffer, filename = 'logo.png', type = 'image/png'): Promise<LightMyRequestResponse> {
  const body = multipartBody([{ filename, content, type }]);
  return t.app.inject({ method: 'PUT', url: `/api/v1/collections/${id}/watermark/logo`, headers: { ...s.headers, 'content-type': body.contentType }, payload: body.payload });
}

async function scene(t: TestApp, body: Record<string, unknown> = {}): Promise<{ s: StudioSession; collection: { id: string; slug: string }; galleryId: string }> {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { downloadable: 'original', ...body });
  const gallery = await createGallery(t, s, collection.id);
  return { s, collection, galleryId: gallery.id };
}

test('a text watermark is on the web and medium copies (JPEG and WebP), never on the thumbnail or the original', () => withTestApp({}, async (t) => {
  const { s, collection, galleryId } = await scene(t, { watermark: TEXT_MARK });
  const upload = await darkJpeg();
  const photo = await uploadOne(t, s, galleryId, upload, 'dark.jpg');
  const box = await watermarkBox(TEXT_SPEC, 1600, 1000);
  assert.ok(box.width > 700 && box.width <= 820, `the text spans about half the width: ${JSON.stringify(box)}`);

  const web = await get(t, s, `/api/v1/photos/${photo.id}/web`);
  assert.equal(web.headers['content-type'], 'image/jpeg');
  const original = await get(t, s, `/api/v1/photos/${photo.id}/original`);
  assert.ok(original.rawPayload.equals(upload), 'the original is the upload, byte for byte');
  const originalMean = await meanIn(original.rawPayload, box);
  const webMean = await meanIn(web.rawPayload, box);
  assert.ok(originalMean < 40, `the photo is dark there: ${originalMean}`);
  assert.ok(webMean > originalMean + 40, `white text brightens its region on the web copy: ${webMean} against ${originalMean}`);
  const outside = { left: 20, top: 20, width: 200, height: 100 };
  assert.ok(Math.abs((await meanIn(web.rawPayload, outside)) - (await meanIn(original.rawPayload, outside))) < 4, 'and nothing else changes');

  const webp = await get(t, s, `/api/v1/photos/${photo.id}/web?format=webp`);
  assert.equal(webp.headers['content-type'], 'image/webp');
  assert.equal((await sharp(webp.rawPayload).metadata()).format, 'webp');
  assert.ok(await meanIn(webp.rawPayload, box) > originalMean + 40, 'the WebP copy carries it too');
  for (const format of ['jpeg', 'webp']) {
    const medium = await get(t, s, `/api/v1/photos/${photo.id}/medium?format=${format}`);
    assert.equal(medium.headers['content-type'], `image/${format}`);
    assert.equal((await sharp(medium.rawPayload).metadata()).width, 1024);
    assert.ok(await meanIn(medium.rawPayload, scaled(box, 1024 / 1600)) > originalMean + 40, `medium ${format}: watermarked`);
  }
  for (const format of ['jpeg', 'webp']) {
    const thumb = await get(t, s, `/api/v1/photos/${photo.id}/thumbnail?format=${format}`);
    assert.equal((await sharp(thumb.rawPayload).metadata()).width, 400);
    assert.ok(Math.abs((await meanIn(thumb.rawPayload, scaled(box, 400 / 1600))) - originalMean) < 6, `thumbnail ${format}: no watermark`);
  }

  // Visitors: the web-size download is the watermarked copy; the original download stays clean.
  const v = await visitorLogin(t, { email: 'anna@example.test', collection: collection.slug });
  const seen = await get(t, v, `/api/v1/gallery/photos/${photo.id}/web`);
  assert.ok(seen.rawPayload.equals(web.rawPayload));
  const download = await get(t, v, `/api/v1/gallery/photos/${photo.id}/download?size=web-size`, { 'sec-fetch-site': 'same-origin' });
  assert.equal(download.statusCode, 200, download.body);
  assert.ok(download.rawPayload.equals(web.rawPayload), 'the web-size download is the watermarked copy');
  const clean = await get(t, v, `/api/v1/gallery/photos/${photo.id}/download?size=original`, { 'sec-fetch-site': 'same-origin' });
  assert.equal(clean.statusCode, 200, clean.body);
  assert.ok(clean.rawPayload.equals(upload), 'the original download is the upload');

  const shown = (await get(t, s, `/api/v1/collections/${collection.id}`)).json().data;
  assert.deepEqual(shown.watermark, { ...TEXT_MARK, logo: null, updated_at: shown.watermark.updated_at });
  assert.deepEqual(shown.watermark_render, { done: 1, total: 1 });
}));

test('changing the watermark re-renders the copies in the background; turning it off removes it from new renders', () => withTestApp({}, async (t) => {
  const { s, collection, galleryId } = await scene(t);
  let woken = 0;
  t.deps.rendersQueued.subscribe(() => { woken++; });
  const photo = await uploadOne(t, s, galleryId, await darkJpeg(), 'dark.jpg');
  const box = await watermarkBox(TEXT_SPEC, 1600, 1000);
  const before = await get(t, s, `/api/v1/photos/${photo.id}/web`);
  const clean = await meanIn(before.rawPayload, box);
  assert.ok(clean < 40);
  assert.equal(woken, 0, 'an upload under an unchanged watermark wakes nothing');
  const draft = await patch(t, s, collection.id, { watermark: { text: 'Draft text' } });
  assert.deepEqual([draft.json().data.watermark.text, draft.json().data.watermark_render], ['Draft text', { done: 1, total: 1 }], 'text stored while off: nothing to re-render');
  assert.equal(woken, 0);

  const changed = await patch(t, s, collection.id, { watermark: TEXT_MARK });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual(changed.json().data.watermark_render, { done: 0, total: 1 });
  assert.equal(woken, 1, 'the change wakes the render worker');
  const stale = await get(t, s, `/api/v1/photos/${photo.id}/web`);
  assert.ok(stale.rawPayload.equals(before.rawPayload), 'until it is re-rendered, the old copy is served');
  assert.equal((await patch(t, s, collection.id, { watermark: { mode: 'text' } })).json().data.watermark_render.done, 0);
  assert.equal(woken, 1, 'sending the same settings again changes nothing');

  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 1, failed: 0, skipped: 0, superseded: 0, complete: true });
  const marked = await get(t, s, `/api/v1/photos/${photo.id}/web`, { 'if-none-match': String(before.headers.etag) });
  assert.equal(marked.statusCode, 200, 'a new copy: the old validator no longer matches');
  assert.notEqual(marked.headers.etag, before.headers.etag);
  assert.ok(await meanIn(marked.rawPayload, box) > clean + 40, 'the re-rendered copy carries the watermark');
  assert.deepEqual((await get(t, s, `/api/v1/collections/${collection.id}`)).json().data.watermark_render, { done: 1, total: 1 });
  const row = await t.store.photos.findPhoto(s.studioId, photo.id);
  assert.ok(row && row.renderId !== '', 'the row names the new set');
  const current = photoKeys(s.studioId, photo.id, row.renderId, { original: true });
  const replaced = photoKeys(s.studioId, photo.id, '', { original: false });
  assert.deepEqual(storedFiles(t).sort(), [...current, ...replaced].sort(), 'the old set stays for the grace (an archive that chose it still reads it)');
  await housekeeping(t.deps);
  assert.equal(storedFiles(t).length, current.length + replaced.length, 'not before the grace ends');
  t.clock.advance(REPLACED_SET_GRACE_MS / 1000);
  await housekeeping(t.deps);
  assert.deepEqual(storedFiles(t).sort(), current.sort(), 'then the housekeeping removes the old set; the original stays');
  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 0, failed: 0, skipped: 0, superseded: 0, complete: true }, 'nothing left to do');

  const off = await patch(t, s, collection.id, { watermark: { mode: 'off' } });
  assert.equal(off.json().data.watermark.mode, 'off');
  assert.deepEqual(off.json().data.watermark_render, { done: 0, total: 1 });
  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 1, failed: 0, skipped: 0, superseded: 0, complete: true });
  const unmarked = await get(t, s, `/api/v1/photos/${photo.id}/web?format=webp`);
  assert.equal(unmarked.headers['content-type'], 'image/webp');
  assert.ok(Math.abs((await meanIn(unmarked.rawPayload, box)) - clean) < 6, 'turned off: new renders are clean');
  const original = await get(t, s, `/api/v1/photos/${photo.id}/original`);
  assert.ok(original.rawPayload.equals(await darkJpeg()), 'the original never changed');

  // A photo uploaded after a change is made with it at once: nothing to re-render.
  await patch(t, s, collection.id, { watermark: { mode: 'text', position: 'tiled', scale: 0.2, opacity: 0.6 } });
  await renderPending(renderDeps(t));
  // Other bytes than dark.jpg (a JPEG comment), or the collection would refuse it as a duplicate.
  const later = await uploadOne(t, s, galleryId, withJpegComment(await darkJpeg(), 'later'), 'later.jpg');
  assert.ok(await meanIn((await get(t, s, `/api/v1/photos/${later.id}/web`)).rawPayload, { left: 0, top: 0, width: 1600, height: 1000 }) > clean + 5, 'tiled: the whole photo is covered');
  assert.deepEqual((await get(t, s, `/api/v1/collections/${collection.id}`)).json().data.watermark_render, { done: 2, total: 2 });
}));

test('the watermark settings are checked: text needs its text, a logo needs an upload, values stay in range', () => withTestApp({}, async (t) => {
  const { s, collection } = await scene(t);
  assertJsonError(await patch(t, s, collection.id, { watermark: { mode: 'text' } }), 422, 'validation_failed');
  const logo = assertJsonError(await patch(t, s, collection.id, { watermark: { mode: 'logo' } }), 422, 'validation_failed');
  assert.match(String((logo.details as Record<string, string>)['watermark.logo']), /upload a logo first/);
  for (const bad of [{ opacity: 0.01 }, { opacity: 1.5 }, { scale: 0 }, { position: 'middle' }, { mode: 'stamp' }, { text: '' }, { text: 'x'.repeat(101) }]) {
    const res = await patch(t, s, collection.id, { watermark: { mode: 'text', text: 'ok', ...bad } });
    assert.equal(res.statusCode, 422, `${JSON.stringify(bad)}: ${res.body}`);
  }
  // Text that draws no ink (here a zero-width space; on a server without fonts, any text) is refused, never left out.
  const invisible = assertJsonError(await patch(t, s, collection.id, { watermark: { mode: 'text', text: '\u200b' } }), 422, 'validation_failed');
  assert.match(String((invisible.details as Record<string, string>)['watermark.text']), /draws nothing with the fonts on this server/);
  const fine = await patch(t, s, collection.id, { watermark: { mode: 'text', text: '  © Ünïcode  ', position: 'top-left', opacity: 0.05, scale: 1 } });
  assert.equal(fine.statusCode, 200, fine.body);
  assert.deepEqual({ ...fine.json().data.watermark, updated_at: null }, { mode: 'text', text: '© Ünïcode', position: 'top-left', opacity: 0.05, scale: 1, logo: null, updated_at: null });
  const list = (await get(t, s, '/api/v1/collections')).json().data as Array<{ id: string; watermark: { mode: string } }>;
  assert.equal(list.find((c) => c.id === collection.id)?.watermark.mode, 'text', 'the list shows it too');
  const stranger = await studioSession(t);
  assert.equal((await patch(t, stranger, collection.id, { watermark: { mode: 'off' } })).statusCode, 404, 'another studio cannot see it');
}));

test('a logo that is not an image is refused with invalid_watermark_logo; a PNG logo is stored and burned in', () => withTestApp({}, async (t) => {
  const { s, collection, galleryId } = await scene(t);
  const photo = await uploadOne(t, s, galleryId, await darkJpeg(), 'dark.jpg');
  const filesBefore = storedFiles(t).sort();
  const png = await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } } }).png().toBuffer();
  const refused: Array<[string, Buffer, string]> = [
    ['text named .png', Buffer.from('this is not an image at all'), 'image/png'],
    ['a GIF', await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).gif().toBuffer(), 'image/gif'],
    ['a truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'image/png'],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/png'],
  ];
  for (const [label, content, type] of refused) {
    const res = assertJsonError(await putLogo(t, s, collection.id, content, 'logo.png', type), 422, 'invalid_watermark_logo');
    assert.match(String(res.message), /PNG, JPEG or WebP|damaged|not an image|does not match/, label);
  }
  assertJsonError(await putLogo(t, s, collection.id, Buffer.alloc(0)), 422, 'invalid_watermark_logo');
  assertJsonError(await putLogo(t, s, collection.id, Buffer.alloc(2 * 1024 * 1024 + 1, 1)), 413, 'payload_too_large');
  const none = multipartBody([], { note: 'no file' });
  assertJsonError(await t.app.inject({ method: 'PUT', url: `/api/v1/collections/${collection.id}/watermark/logo`, headers: { ...s.headers, 'content-type': none.contentType }, payload: none.payload }), 422, 'validation_failed');
  assertJsonError(await t.app.inject({ method: 'PUT', url: `/api/v1/collections/${collection.id}/watermark/logo`, headers: { ...s.headers, 'content-type': 'image/png' }, payload: png }), 415, 'unsupported_media_type');
  assert.deepEqual(storedFiles(t).sort(), filesBefore, 'nothing refused was kept, nothing left in staging');
  assert.equal((await get(t, s, `/api/v1/collections/${collection.id}`)).json().data.watermark.mode, 'off');

  const stored = await putLogo(t, s, collection.id, png, 'logo.png');
  assert.equal(stored.statusCode, 200, stored.body);
  const mark = stored.json().data.watermark;
  assert.equal(mark.mode, 'logo');
  assert.deepEqual({ ...mark.logo, size: 0 }, { url: `/api/v1/collections/${collection.id}/watermark/logo`, width: 300, height: 100, size: 0 });
  const logo = await get(t, s, mark.logo.url);
  assert.equal(logo.headers['content-type'], 'image/png');
  assert.deepEqual([(await sharp(logo.rawPayload).metadata()).width, logo.rawPayload.length], [300, mark.logo.size]);

  await patch(t, s, collection.id, { watermark: { position: 'center', scale: 0.4, opacity: 1 } });
  assert.deepEqual(await renderPending(renderDeps(t)), { rendered: 1, failed: 0, skipped: 0, superseded: 0, complete: true });
  const spec: WatermarkSpec = { art: { kind: 'logo', png: logo.rawPayload }, position: 'center', opacity: 1, scale: 0.4 };
  const box = await watermarkBox(spec, 1600, 1000);
  assert.deepEqual([box.width, box.height], [640, 213]);
  const web = await get(t, s, `/api/v1/photos/${photo.id}/web`);
  assert.ok(await meanIn(web.rawPayload, box) > 240, 'the white logo covers its box');
  assert.ok(await meanIn(web.rawPayload, { left: 10, top: 10, width: 100, height: 100 }) < 40);

  const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/collections/${collection.id}/watermark/logo`, headers: s.headers });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.deepEqual([removed.json().data.watermark.mode, removed.json().data.watermark.logo], ['off', null]);
  assertJsonError(await get(t, s, `/api/v1/collections/${collection.id}/watermark/logo`), 404, 'not_found');
  assert.ok(!storedFiles(t).some((f) => f.includes('.watermark.')), 'the logo file is gone');
  assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/collections/${collection.id}/watermark/logo`, headers: s.headers }), 404, 'not_found');
}));
