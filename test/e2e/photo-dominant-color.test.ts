// issue #18: each photo's dominant colour (the gallery's loading placeholder) is computed at upload, and photos from
// before migration 0013 get theirs from the start-up backfill, read from their thumbnails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne } from '../helpers/gallery.ts';
import { backfillDominantColors } from '../../src/api/photos/dominant-color.ts';
import { ImageQueue } from '../../src/api/photos/image-queue.ts';
import { photoKey } from '../../src/api/photos/files.ts';
import { generateId } from '../../src/lib/ids.ts';

const near = (hex: string | null | undefined, r: number, g: number, b: number): boolean => {
  if (!hex || !/^#[0-9a-f]{6}$/.test(hex)) return false;
  const n = Number.parseInt(hex.slice(1), 16);
  return Math.abs(((n >> 16) & 255) - r) <= 24 && Math.abs(((n >> 8) & 255) - g) <= 24 && Math.abs((n & 255) - b) <= 24;
};

test('an upload records its dominant colour; the backfill colours earlier photos from their thumbnails, grey when one is missing', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const collection = await createCollection(t, s);
  const gallery = await createGallery(t, s, collection.id);
  const red = await uploadOne(t, s, gallery.id, await sampleJpeg({ width: 320, height: 200, color: '#d02020' }));
  const uploaded = await t.store.photos.findPhoto(s.studioId, red.id);
  assert.ok(near(uploaded?.dominantColor, 0xd0, 0x20, 0x20), `red upload: ${uploaded?.dominantColor}`);

  // Two photos as an earlier version stored them: no colour; one thumbnail on disk, one missing.
  assert.ok(uploaded);
  const green = { ...uploaded, id: generateId('ph'), sha256: 'green', dominantColor: null };
  const lost = { ...uploaded, id: generateId('ph'), sha256: 'lost', dominantColor: null };
  await t.store.photos.insertPhotos([green, lost]);
  const thumb = await t.deps.storage.stage();
  await writeFile(thumb.path, await sampleJpeg({ color: '#20b040' }));
  await t.deps.storage.commit(thumb, photoKey(s.studioId, green.id, 'thumbnail'));

  const warnings: string[] = [];
  const log = { error: (): void => {}, warn: (_o: Record<string, unknown>, msg: string): void => { warnings.push(msg); } };
  const queue = new ImageQueue({ concurrency: 1, maxWaiting: 10, retryAfter: 1 });
  assert.equal(await backfillDominantColors({ store: t.store, storage: t.deps.storage, queue, log }, { batch: 1 }), 2);
  assert.ok(near((await t.store.photos.findPhoto(s.studioId, green.id))?.dominantColor, 0x20, 0xb0, 0x40));
  assert.equal((await t.store.photos.findPhoto(s.studioId, lost.id))?.dominantColor, '#808080');
  assert.equal(warnings.length, 1, 'the missing thumbnail is logged');
  assert.equal(await backfillDominantColors({ store: t.store, storage: t.deps.storage, queue, log }), 0, 'nothing left to do');

  const stopped = new AbortController();
  stopped.abort();
  await t.store.photos.insertPhotos([{ ...uploaded, id: generateId('ph'), sha256: 'later', dominantColor: null }]);
  assert.equal(await backfillDominantColors({ store: t.store, storage: t.deps.storage, queue, log }, { signal: stopped.signal }), 0, 'a closing server stops it');
}));
