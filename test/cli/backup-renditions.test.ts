// issue #18 with issue #21's backup: a backup holds every file of each photo's current derivative set (under its render
// id after a re-render) and the watermark logos, and a restored directory serves them all; replaced sets are not copied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, multipartBody, studioSession, uploadOne } from '../helpers/gallery.ts';
import { createBackup } from '../../src/backup/backup.ts';
import { restoreBackup } from '../../src/backup/restore.ts';
import { MIGRATION_NAMES } from '../../src/store/migrations/index.ts';
import { photoKeys } from '../../src/api/photos/files.ts';
import { renderPending } from '../../src/api/photos/renditions.ts';

test('a backup after a re-render holds the new set and the logo, not the replaced files; the restore has them all', () => withTestApp({}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'lightbox-backup-renditions-'));
  try {
    const s = await studioSession(t);
    const collection = await createCollection(t, s);
    const gallery = await createGallery(t, s, collection.id);
    const kept = await uploadOne(t, s, gallery.id, await sharp({ create: { width: 900, height: 600, channels: 3, background: '#335577' } }).jpeg().toBuffer(), 'a.jpg');
    const logo = await sharp({ create: { width: 120, height: 40, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0.8 } } }).png().toBuffer();
    const body = multipartBody([{ filename: 'logo.png', content: logo, type: 'image/png' }]);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/collections/${collection.id}/watermark/logo`, headers: { ...s.headers, 'content-type': body.contentType }, payload: body.payload });
    assert.equal(put.statusCode, 200, put.body);
    const log = { error: (): void => {}, warn: (): void => {} };
    assert.equal((await renderPending({ store: t.store, storage: t.deps.storage, queue: t.deps.imageQueue, log, maxPixels: t.config.photos.maxPixels, clock: t.clock })).rendered, 1);
    const row = await t.store.photos.findPhoto(s.studioId, kept.id);
    const mark = await t.store.watermarks.findWatermark(collection.id);
    assert.ok(row && row.renderId !== '' && mark?.logo);

    const to = join(work, 'backup');
    const summary = await createBackup({ dataDir: t.dataDir, to, clock: t.clock, lightboxVersion: 'test' });
    assert.deepEqual(summary.missing, []);
    const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    const expected = ['lightbox.db', ...photoKeys(s.studioId, kept.id, row.renderId, { original: true }).map((k) => `photos/${k}`), `photos/${mark.logo.key}`].sort();
    assert.deepEqual(manifest.files.map((f) => f.path).sort(), expected, 'the current set, the original and the logo; the replaced set is not copied');

    const restored = join(work, 'restored');
    await restoreBackup({ from: to, dataDir: restored, knownMigrations: MIGRATION_NAMES });
    for (const path of expected) assert.ok(existsSync(join(restored, path)), path);
    assert.ok(readFileSync(join(restored, 'photos', mark.logo.key)).equals(readFileSync(join(t.dataDir, 'photos', mark.logo.key))));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}));
