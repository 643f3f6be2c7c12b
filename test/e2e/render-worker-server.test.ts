// issue #18: the running server's render worker (src/main.ts): at start it renders what is pending (a watermark changed
// while it was down, photos from before the medium size and WebP copies), and a watermark change over HTTP wakes it.
// Real server, polled with a bounded wait (no fixed sleeps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import sharp from 'sharp';
import { buildTestApp, createUser, login } from '../helpers/app.ts';
import { createCollection, createGallery, uploadOne, type StudioSession } from '../helpers/gallery.ts';
import { startServer } from '../../src/main.ts';
import { loadConfig } from '../../src/config.ts';
import { photoKey } from '../../src/api/photos/files.ts';
import { generateId } from '../../src/lib/ids.ts';

interface Row { id: string; render_id: string; watermark_rev: number; medium_size: number | null }

async function waitFor(dataDir: string, ok: (rows: Row[]) => boolean, what: string): Promise<Row[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const db = new BetterSqlite3(join(dataDir, 'lightbox.db'), { readonly: true });
    const rows = db.prepare('select id, render_id, watermark_rev, medium_size from photos order by id').all() as Row[];
    db.close();
    if (ok(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the server renders pending photos at start, and a watermark change over HTTP wakes its render worker', async () => {
  const t = await buildTestApp();
  const dataDir = t.dataDir;
  try {
    const user = await createUser(t, { studio: 'Render studio' });
    const session = await login(t, user);
    const s: StudioSession = { ...session, studioId: user.studioId ?? '', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } };
    const collection = await createCollection(t, s, { watermark: { mode: 'text', text: 'Proof', position: 'center' } });
    const gallery = await createGallery(t, s, collection.id);
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#202028' } }).jpeg().toBuffer();
    const photo = await uploadOne(t, s, gallery.id, jpeg);
    // A photo from before migration 0020: the original, thumbnail and web JPEG only.
    const row = await t.store.photos.findPhoto(s.studioId, photo.id);
    assert.ok(row);
    const legacyId = generateId('ph');
    await t.store.photos.insertPhotos([{ ...row, id: legacyId, sha256: 'legacy', mediumSize: null, thumbnailWebpSize: null, mediumWebpSize: null, webWebpSize: null }]);
    for (const variant of ['original', 'thumbnail', 'web'] as const) {
      const f = await t.deps.storage.stage();
      writeFileSync(f.path, jpeg);
      await t.deps.storage.commit(f, photoKey(s.studioId, legacyId, variant));
    }
    // Changed while no worker runs (the test app has none): both photos are behind.
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${collection.id}`, headers: s.headers, payload: { watermark: { position: 'top-left' } } });
    assert.equal(moved.statusCode, 200, moved.body);
    await t.app.close();
    await t.store.close();

    const server = await startServer(loadConfig({}, { overrides: { dataDir, server: { host: '127.0.0.1', port: 0 }, log: { level: 'warn' } }, cwd: dataDir }), { print: () => undefined });
    try {
      const started = await waitFor(dataDir, (rows) => rows.length === 2 && rows.every((r) => r.watermark_rev === 2 && r.medium_size !== null), 'the start-up pass');
      assert.ok(started.every((r) => r.render_id !== ''), 'both rendered again under new render ids');

      // A fresh login on the real server (the test app's sessions lived on its fake clock).
      const signedIn = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password }) });
      assert.equal(signedIn.status, 201);
      const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const headers = { cookie, 'x-csrf-token': ((await signedIn.json()) as { csrf_token: string }).csrf_token };
      const res = await fetch(`${server.url}/api/v1/collections/${collection.id}`, {
        method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ watermark: { mode: 'off' } }),
      });
      assert.equal(res.status, 200, await res.text());
      await waitFor(dataDir, (rows) => rows.every((r) => r.watermark_rev === 3), 'the pass the change woke');
      const shown = await fetch(`${server.url}/api/v1/collections/${collection.id}`, { headers });
      assert.deepEqual(((await shown.json()) as { data: { watermark_render: unknown } }).data.watermark_render, { done: 2, total: 2 });
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
