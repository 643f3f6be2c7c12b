// issue #22, "The proof" and defect 7: `kill -9` during 200 concurrent writers (client records and photo uploads), then
// a restart on the same data directory. Every acknowledged write is there, nothing is half-applied: no photo file
// without its row, no row without its three files, nothing left in staging, and SQLite's integrity check passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';
import { multipartBody, sampleJpeg, withJpegComment } from '../helpers/gallery.ts';
import { parsePhotoKey, photoKey, PHOTO_VARIANTS } from '../../src/api/photos/files.ts';
import { STAGING_DIR } from '../../src/storage/local.ts';

const WRITERS = 200;
const UPLOADERS = 20;

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [relative(root, join(dir, e.name))]));
}

test('kill -9 during 200 concurrent writers: after a restart every acknowledged write is present and nothing is half-applied', { timeout: 180_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-kill9-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startLightboxProcess({ demo: true, dataDir });
  let second: Awaited<ReturnType<typeof startLightboxProcess>> | undefined;
  try {
    const demo = first.demo!;
    const token = async (url: string): Promise<Record<string, string>> => {
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.email, password: demo.password, mode: 'token' }) });
      assert.equal(login.status, 200);
      return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    };
    const auth = await token(first.url);
    const post = async (path: string, body: unknown): Promise<{ data: { id: string } }> => {
      const res = await fetch(`${first.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 201, await res.clone().text());
      return (await res.json()) as { data: { id: string } };
    };
    const collection = await post('/api/v1/collections', { name: 'Crash' });
    const gallery = await post(`/api/v1/collections/${collection.data.id}/galleries`, { name: 'Uploads' });
    const jpeg = await sampleJpeg({ width: 640, height: 480 });

    const clients: string[] = [];
    const photos: string[] = [];
    const outcomes = new Map<string, number>();
    const count = (o: string): void => { outcomes.set(o, (outcomes.get(o) ?? 0) + 1); };
    let killing = false;
    let n = 0;
    const writer = async (uploads: boolean): Promise<void> => {
      while (!killing) {
        try {
          if (uploads) {
            // Each upload other bytes (a JPEG comment), since the collection refuses the same bytes twice.
            const k = n++;
            const body = multipartBody([{ filename: `p${k}.jpg`, content: withJpegComment(jpeg, `upload ${k}`) }]);
            const res = await fetch(`${first.url}/api/v1/galleries/${gallery.data.id}/photos`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.payload });
            const text = await res.text();
            count(`upload ${res.status}`);
            if (res.status === 201) photos.push(...(JSON.parse(text) as { data: Array<{ id: string }> }).data.map((p) => p.id));
            else if (res.status === 503) await new Promise((r) => setTimeout(r, 50));
          } else {
            const res = await fetch(`${first.url}/api/v1/clients`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ email: `c${n++}@example.com`, first_name: 'Crash' }) });
            const text = await res.text();
            count(`client ${res.status}`);
            if (res.status === 201) clients.push((JSON.parse(text) as { data: { id: string } }).data.id);
          }
        } catch {
          count('connection closed');
        }
      }
    };
    const running = Array.from({ length: WRITERS }, (_, i) => writer(i < UPLOADERS));
    // Kill once enough writes are acknowledged (or after 10 s, and in any case not before the first upload is: on a
    // loaded machine the image queue may refuse every upload for longer; 40 s at most), in the middle of the traffic;
    // each writer stops after the request it has in flight, which the kill answers with a closed connection.
    const started = Date.now();
    const waiting = (): boolean => ((clients.length < 400 || photos.length < 5) && Date.now() - started < 10_000) || (photos.length === 0 && Date.now() - started < 40_000);
    while (waiting()) await new Promise((r) => setTimeout(r, 25));
    killing = true;
    await first.kill();
    await Promise.all(running);
    t.diagnostic(`killed after ${Date.now() - started} ms: ${clients.length} client writes and ${photos.length} uploads acknowledged; ${[...outcomes].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    assert.ok(clients.length > 50 && photos.length > 0, 'the kill landed during real traffic');
    assert.ok((outcomes.get('connection closed') ?? 0) > 0, 'requests were in flight when the process died');
    for (const [outcome] of outcomes) assert.match(outcome, /^(client 201|upload 201|upload 503|connection closed)$/, 'no 500 before the kill');

    second = await startLightboxProcess({ dataDir });
    const auth2 = await token(second.url);
    for (const id of clients) {
      const res = await fetch(`${second.url}/api/v1/clients/${id}`, { headers: auth2 });
      assert.equal(res.status, 200, `acknowledged client ${id} is present`);
      await res.arrayBuffer();
    }
    for (const id of photos.slice(0, 20)) {
      for (const variant of ['original', 'thumbnail', 'web']) {
        const res = await fetch(`${second.url}/api/v1/photos/${id}/${variant}`, { headers: auth2 });
        assert.equal(res.status, 200, `acknowledged photo ${id} serves its ${variant}`);
        assert.ok((await res.arrayBuffer()).byteLength > 0);
      }
    }

    const db = new Database(join(dataDir, 'lightbox.db'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const rows = db.prepare('SELECT id, studio_id AS studio FROM photos').all() as Array<{ id: string; studio: string }>;
      for (const id of photos) assert.ok(rows.some((r) => r.id === id), `acknowledged photo ${id} has its row`);
      const photoRoot = join(dataDir, 'photos');
      const files = filesUnder(photoRoot);
      assert.deepEqual(files.filter((f) => f.startsWith(`${STAGING_DIR}/`)), [], 'staging was settled at start');
      const known = new Set(rows.map((r) => r.id));
      const orphans = files.filter((f) => !known.has(parsePhotoKey(f)?.photoId ?? ''));
      assert.deepEqual(orphans, [], 'no photo file without its row');
      const present = new Set(files);
      for (const row of rows) {
        for (const variant of PHOTO_VARIANTS) assert.ok(present.has(photoKey(row.studio, row.id, variant)), `row ${row.id} has its ${variant} file`);
      }
      t.diagnostic(`after restart: ${rows.length} photo rows, ${files.length} files, all ${clients.length} acknowledged clients present`);
    } finally {
      db.close();
    }
  } finally {
    await first.kill();
    await second?.stop();
  }
});
