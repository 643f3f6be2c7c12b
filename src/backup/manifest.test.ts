// The paths a backup manifest may name (issue #21): restore writes each one under the target, so none may escape it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBackupPath } from './manifest.ts';

test('a manifest path is the database or a photo file key under photos/, nothing else', () => {
  for (const ok of [
    'lightbox.db', 'photos/st_abc123/ph_XYZ789.original', 'photos/st_a/ph_b.thumbnail.jpg', 'photos/st_a/ph_b.web.jpg',
    'photos/st_a/ph_b.medium.webp', 'photos/st_a/ph_b.web.Ab12Cd34Ef56.jpg', 'photos/st_a/co_b.watermark.Ab12Cd34Ef56.png',
  ]) {
    assert.equal(isBackupPath(ok), true, ok);
  }
  for (const bad of [
    '../lightbox.db', '/etc/passwd', 'photos/../lightbox.db', 'photos/st_a/../../x.original', 'photos/st_a/ph_b.original/../../x',
    'photos/.staging/st_a+ph_b.original.x.pending', 'photos/st_a/ph_b.exe', 'photos/st_a/ph_b.web.x.jpg', 'photos/st_a/ph_b.original.webp',
    'photos/st_a/co_b.watermark.png', 'photos/st_a/co_b.watermark.Ab12Cd34Ef56.png/../../x', 'lightbox.db-wal', 'manifest.json', 'photos\\st_a\\ph_b.original', '',
  ]) {
    assert.equal(isBackupPath(bad), false, bad);
  }
});
