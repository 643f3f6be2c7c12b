// What a crash leaves in staging is settled at start: files of committed rows go into place, the rest go (issue #22, defect 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, storedFiles, studioSession, uploadOne } from '../helpers/gallery.ts';
import { settleStagedPhotos } from '../../src/api/photos/service.ts';
import { photoKey, photoKeys } from '../../src/api/photos/files.ts';

test('issue #22: staged files of a committed row are moved into place, files without a row are removed', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const collection = await createCollection(t, s);
  const gallery = await createGallery(t, s, collection.id);
  const photo = await uploadOne(t, s, gallery.id);
  // A crash after the row committed but before the rename: park the committed photo's web copy back in staging.
  const parked = await t.deps.storage.unstage(photoKey(s.studioId, photo.id, 'web'));
  assert.ok(parked);
  // A crash mid-upload: files meant for a photo whose row never committed, and an unnamed partial file.
  for (const variant of ['original', 'thumbnail', 'web'] as const) {
    const f = await t.deps.storage.stage(photoKey(s.studioId, 'ph_AAAAAAAAAAAAAAAAAAAAAA', variant));
    writeFileSync(f.path, 'partial');
  }
  writeFileSync((await t.deps.storage.stage()).path, 'partial');
  const settled = await settleStagedPhotos(t.deps);
  assert.deepEqual(settled, { completed: 1, removed: 4 });
  const files = storedFiles(t);
  assert.deepEqual(files.filter((f) => f.startsWith('.staging/')), [], 'staging is empty');
  assert.deepEqual(files, photoKeys(s.studioId, photo.id, '', { original: true }).sort());
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/photos/${photo.id}/web`, headers: s.headers });
  assert.equal(res.statusCode, 200);
}));
