// issue #21: createGalleryClient against a live server: the visitor login (with and without a password, a wrong one),
// browsing, favorites in two lists with a note, sending a selection the studio then sees, the download PIN (by hand
// and from the pin option), the original limit, a ZIP streamed to a file, a new login after the server ended the
// session, and the Retry-After of a throttled login. The studio side is set up with the SDK's own studio client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import { createClient, createGalleryClient, LightboxError, type Collection, type GalleryClient, type GalleryClientOptions, type LightboxClient } from '../../src/client/index.ts';
import { createGalleryClient as createBrowserGalleryClient } from '../../src/client/browser.ts';
import { createUser } from '../helpers/app.ts';
import { sampleJpeg } from '../helpers/gallery.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

const PASSWORD = 'open sesame';
const PIN = '482193';

type Call = { method: string; path: string; status: number };

function recording(calls: Call[], cookies: string[] = []): (input: string, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const res = await fetch(input, init);
    calls.push({ method: init.method ?? 'GET', path: new URL(input).pathname, status: res.status });
    cookies.push(new Headers(init.headers).get('cookie') ?? '');
    return res;
  };
}

const trace = (calls: Call[]): string[] => calls.map((c) => `${c.method} ${c.path} ${c.status}`);

function isError(status: number, code: string): (err: unknown) => boolean {
  return (err: unknown) => {
    assert.ok(err instanceof LightboxError, String(err));
    assert.deepEqual([err.status, err.code], [status, code], err.message);
    return true;
  };
}

/** Every entry of the ZIP file at `path`: name → bytes. */
async function unzipFile(path: string): Promise<Map<string, Buffer>> {
  const zip: ZipFile = await new Promise((resolve, reject) => openZip(path, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { out.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

describe('the gallery-visitor SDK against a live server', () => {
  let s: LiveServer;
  let studio: LightboxClient;
  let work: string;
  let visitors = 0;
  /** A collection with a password, a download PIN and a limit of two originals; three photos in one gallery. */
  let guarded: Collection;
  /** A collection without password or PIN that allows originals; the same kind of photos. */
  let open: Collection;
  let photoIds: string[];
  let openPhotoIds: string[];
  const jpegs: Buffer[] = [];

  const email = (): string => `guest${++visitors}@example.test`;
  const visitor = (options: Partial<GalleryClientOptions> = {}): GalleryClient =>
    createGalleryClient({ baseUrl: s.url, collection: guarded.slug, email: email(), password: PASSWORD, ...options });

  async function collectionWithPhotos(input: Parameters<LightboxClient['collections']['create']>[0]): Promise<{ collection: Collection; ids: string[] }> {
    const collection = await studio.collections.create(input);
    const gallery = await studio.galleries.create(collection.id, { name: 'Ceremony' });
    const photos = await studio.photos.upload(gallery.id, jpegs.map((data, i) => ({ filename: `p${i + 1}.jpg`, data })));
    return { collection, ids: photos.map((p) => p.id) };
  }

  before(async () => {
    s = await startLiveServer({ loginThrottle: { freeFailures: 2 } });
    const owner = await createUser(s, { studio: 'Visitor SDK Studio' });
    studio = createClient({ baseUrl: s.url, auth: { type: 'session', email: owner.email, password: owner.password } });
    work = mkdtempSync(join(tmpdir(), 'lightbox-sdk-visitor-'));
    for (const color of ['#aa0000', '#00aa00', '#0000aa']) jpegs.push(await sampleJpeg({ color }));
    ({ collection: guarded, ids: photoIds } = await collectionWithPhotos({ name: 'Anna & Ben', password: PASSWORD, downloadable: 'original', download_pin: PIN, original_download_limit: 2 }));
    ({ collection: open, ids: openPhotoIds } = await collectionWithPhotos({ name: 'Open House', downloadable: 'original' }));
  });
  after(async () => {
    await s.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('login with a password, without one for an open collection, and a wrong password is a 401 LightboxError', async () => {
    const calls: Call[] = [];
    const g = visitor({ fetch: recording(calls) });
    const opened = await g.login();
    assert.equal(opened.collection.id, guarded.id);
    assert.equal('csrf_token' in opened, false, 'the CSRF token stays inside the client');
    assert.equal((await g.collection()).photo_count, 3);
    assert.deepEqual(trace(calls), ['POST /galleries/login 201', 'GET /api/v1/gallery/collection 200'], 'one login, then the cookie');

    const byId = createGalleryClient({ baseUrl: s.url, collection: open.id, email: email() });
    const lazy = await byId.collection();
    assert.deepEqual([lazy.name, lazy.download_pin_protected], ['Open House', false]);

    await assert.rejects(visitor({ password: 'not the password' }).collection(), isError(401, 'invalid_credentials'));
    await assert.rejects(createGalleryClient({ baseUrl: s.url, collection: guarded.slug, email: email() }).collection(), isError(401, 'invalid_credentials'));
  });

  test('browse: galleries, photos by page and by cursor, one photo and its thumbnail', async () => {
    const g = visitor();
    const galleries = await g.galleries();
    assert.deepEqual(galleries.data.map((x) => x.name), ['Ceremony']);
    const galleryId = galleries.data[0]?.id ?? '';
    const byPage: string[] = [];
    for await (const p of g.iteratePhotos(galleryId, { per_page: 2 })) byPage.push(p.id);
    const byCursor: string[] = [];
    for await (const p of g.iteratePhotos(galleryId, { limit: 2 })) byCursor.push(p.id);
    assert.deepEqual(byCursor, byPage, 'the same order either way');
    assert.deepEqual([...byPage].sort(), [...photoIds].sort());
    const photo = await g.photo(photoIds[0] ?? '');
    assert.deepEqual([photo.filename, photo.favorite, photo.note], ['p1.jpg', false, null]);
    const thumb = await g.image(photo.id, { variant: 'thumbnail' });
    assert.equal(thumb.type, 'image/jpeg');
    assert.ok(thumb.size > 100);
  });

  test('favorites in two lists with a note; sending one list notifies the studio, which sees the lists, notes and selection', async () => {
    const g = visitor();
    const [p1, p2, p3] = photoIds as [string, string, string];
    assert.equal((await g.favorites.add(p1)).favorite, true);
    await g.favorites.add(p3);
    const album = await g.favoriteLists.create('Album');
    await g.favoriteLists.addPhoto(album.id, p1);
    await g.favoriteLists.addPhoto(album.id, p2);
    const note = await g.notes.set(p2, 'A little warmer?');
    assert.equal(note.note, 'A little warmer?');
    await assert.rejects(g.favoriteLists.create('album'), isError(409, 'conflict'));

    const lists = await g.favoriteLists.list();
    assert.deepEqual(lists.map((l) => [l.name, l.default, l.photo_count]), [['Favorites', true, 2], ['Album', false, 2]]);
    const marked = await g.photo(p1);
    assert.equal(marked.favorite, true);
    assert.deepEqual([...marked.lists].sort(), lists.map((l) => l.id).sort(), 'p1 is in both lists');
    assert.deepEqual((await g.favorites.list()).data.map((p) => p.id).sort(), [p1, p3].sort());
    const inAlbum: string[] = [];
    for await (const p of g.favoriteLists.iteratePhotos(album.id, { per_page: 1 })) inAlbum.push(p.id);
    assert.deepEqual(inAlbum.sort(), [p1, p2].sort());
    assert.equal((await g.favoriteLists.rename(album.id, 'Wall prints')).name, 'Wall prints');

    const sent = await g.submitSelection(album.id);
    assert.deepEqual([sent.list_name, sent.photo_count, [...sent.photo_ids].sort()], ['Wall prints', 2, [p1, p2].sort()]);
    const notifications = await studio.notifications.list({ per_page: 100 });
    assert.ok(notifications.data.some((n) => n.kind === 'selection_submitted' && n.message.includes('Wall prints')), JSON.stringify(notifications.data.map((n) => n.kind)));
    const selections = await studio.collections.selections(guarded.id);
    assert.ok(selections.data.some((x) => x.id === sent.id));
    const notes = await studio.collections.photoNotes(guarded.id);
    assert.ok(notes.data.some((n) => n.photo_id === p2 && n.note === 'A little warmer?'));
    const favorites = await studio.collections.favorites(guarded.id, { list_id: album.id });
    assert.deepEqual(favorites.data.map((f) => [f.photo_id, f.list_name, f.note]).sort(), [[p1, 'Wall prints', null], [p2, 'Wall prints', 'A little warmer?']].sort());

    await g.notes.clear(p2);
    assert.equal((await g.photo(p2)).note, null);
    await g.favoriteLists.removePhoto(album.id, p2);
    await g.favorites.remove(p3);
    assert.deepEqual((await g.favorites.list()).data.map((p) => p.id), [p1]);
    const defaultList = lists[0]?.id ?? '';
    await assert.rejects(g.favoriteLists.delete(defaultList), isError(409, 'conflict'));
    await g.favoriteLists.delete(album.id);
    assert.deepEqual((await g.favoriteLists.list()).map((l) => l.name), ['Favorites']);
    await assert.rejects(g.submitSelection(album.id), isError(404, 'not_found'));
  });

  test('the download PIN: required, a wrong one download_pin_invalid, the right one unlocks; with the pin option it is entered by itself', async () => {
    const g = visitor();
    const p1 = photoIds[0] ?? '';
    await assert.rejects(g.photoBlob(p1), isError(403, 'download_pin_required'));
    await assert.rejects(g.enterPin('000000'), isError(403, 'download_pin_invalid'));
    assert.equal((await g.collection()).download_pin_entered, false);
    const delivery = await g.enterPin(PIN);
    assert.deepEqual([delivery.download_pin_protected, delivery.download_pin_entered], [true, true]);
    const web = await g.photoBlob(p1);
    assert.deepEqual(Buffer.from(await web.arrayBuffer()), Buffer.from(await (await studio.photos.blob(p1, { variant: 'web' })).arrayBuffer()), 'the web-size copy');

    const calls: Call[] = [];
    const auto = visitor({ pin: PIN, fetch: recording(calls) });
    const dest = join(work, 'p1-original.jpg');
    const written = await auto.downloadPhoto(p1, dest, { size: 'original' });
    assert.deepEqual(readFileSync(dest), jpegs[0], 'the original, byte for byte');
    assert.equal(written, statSync(dest).size);
    assert.deepEqual(trace(calls).map((c) => c.replace(/ph_\w+/, 'ph')), [
      'POST /galleries/login 201', 'GET /api/v1/gallery/photos/ph/download 403', 'POST /api/v1/gallery/download-pin 200', 'GET /api/v1/gallery/photos/ph/download 200',
    ]);
    const parallelCalls: Call[] = [];
    const parallel = visitor({ pin: PIN, fetch: recording(parallelCalls) });
    const blobs = await Promise.all(photoIds.map((id) => parallel.photoBlob(id)));
    assert.equal(blobs.length, 3);
    assert.deepEqual(['POST /galleries/login', 'POST /api/v1/gallery/download-pin'].map((c) => trace(parallelCalls).filter((x) => x.startsWith(c)).length), [1, 1], 'three downloads at once: one login, one PIN');
    const wrongPin = visitor({ pin: '111111' });
    await assert.rejects(wrongPin.downloadPhoto(p1, join(work, 'never.jpg'), { size: 'original' }), isError(403, 'download_pin_invalid'));
    assert.throws(() => statSync(join(work, 'never.jpg')), /ENOENT/, 'no file, no .part left');
    assert.throws(() => statSync(join(work, 'never.jpg.part')), /ENOENT/);
  });

  test('the original download limit: past it 403 download_limit_reached with {limit, used}; downloading one again is free', async () => {
    const g = visitor({ pin: PIN });
    const [p1, p2, p3] = photoIds as [string, string, string];
    await g.photoBlob(p1, { size: 'original' });
    await g.photoBlob(p2, { size: 'original' });
    assert.equal((await g.checkDownload(p1, { size: 'original' })).counts_against_limit, false);
    await g.photoBlob(p1, { size: 'original' });
    const refused = await g.photoBlob(p3, { size: 'original' }).catch((err: unknown) => err);
    assert.ok(refused instanceof LightboxError && refused.status === 403 && refused.code === 'download_limit_reached', String(refused));
    assert.deepEqual(refused.details, { limit: 2, used: 2 });
    assert.equal((await g.photoBlob(p3)).type, 'image/jpeg', 'web-size copies never count');
    assert.equal((await g.collection()).original_downloads_used, 2);
  });

  test('an archive: the summary, then the ZIP streamed to a file whose entries are the photos', async () => {
    const g = createGalleryClient({ baseUrl: s.url, collection: open.slug, email: email() });
    const summary = await g.archiveSummary({ scope: 'collection', size: 'original' });
    assert.equal(summary.photos, 3);
    const dest = join(work, summary.filename);
    const progress: number[] = [];
    const written = await g.downloadArchive({ scope: 'collection', size: 'original' }, dest, { onProgress: (n) => progress.push(n) });
    assert.equal(written, summary.archive_bytes, 'the exact size the summary announced');
    assert.equal(statSync(dest).size, summary.archive_bytes);
    assert.equal(progress.at(-1), written);
    const entries = await unzipFile(dest);
    assert.deepEqual([...entries.keys()].sort(), ['Ceremony/p1.jpg', 'Ceremony/p2.jpg', 'Ceremony/p3.jpg']);
    jpegs.forEach((jpeg, i) => assert.deepEqual(entries.get(`Ceremony/p${i + 1}.jpg`), jpeg, `entry ${i + 1} is the original`));

    const gallery = (await g.galleries()).data[0]?.id ?? '';
    const blob = await g.archive({ scope: 'gallery', gallery_id: gallery });
    assert.equal(blob.size, (await g.archiveSummary({ scope: 'gallery', gallery_id: gallery })).archive_bytes, 'web-size by default, as a Blob');
    await assert.rejects(g.archiveSummary({ scope: 'favorites' }), isError(422, 'empty_archive'));
    assert.equal(openPhotoIds.length, 3);
  });

  test('after the server ends the visitor session (the password changed) the client logs in again once; with a stale password it reports the 401', async () => {
    const { collection } = await collectionWithPhotos({ name: 'Rotating', password: PASSWORD });
    const calls: Call[] = [];
    const g = createGalleryClient({ baseUrl: s.url, collection: collection.slug, email: email(), password: PASSWORD, fetch: recording(calls) });
    await g.favorites.list();
    // Each change of the password ends every visitor session of the collection; back to the first one.
    await studio.collections.update(collection.id, { password: 'another secret' });
    await studio.collections.update(collection.id, { password: PASSWORD });
    calls.length = 0;
    const list = await g.favoriteLists.create('After');
    assert.equal(list.name, 'After');
    assert.deepEqual(trace(calls), ['POST /api/v1/gallery/favorite-lists 401', 'POST /galleries/login 201', 'POST /api/v1/gallery/favorite-lists 201'], 'the CSRF token of the new session went with the repeat');

    await studio.collections.update(collection.id, { password: 'changed for good' });
    calls.length = 0;
    await assert.rejects(g.collection(), isError(401, 'invalid_credentials'));
    assert.deepEqual(trace(calls), ['GET /api/v1/gallery/collection 401', 'POST /galleries/login 401'], 'one new login, no loop');
  });

  test('from the browser entry, a download to a path fails with files_unsupported before any request (nothing is recorded)', async () => {
    const calls: Call[] = [];
    const g = createBrowserGalleryClient({ baseUrl: s.url, collection: open.slug, email: email(), fetch: recording(calls) });
    await assert.rejects(g.downloadPhoto(openPhotoIds[0] ?? '', join(work, 'browser.jpg')), isError(0, 'files_unsupported'));
    await assert.rejects(g.downloadArchive({ scope: 'collection' }, join(work, 'browser.zip')), isError(0, 'files_unsupported'));
    assert.deepEqual(calls, []);
    assert.equal((await g.photoBlob(openPhotoIds[0] ?? '')).type, 'image/jpeg', 'a Blob is the browser way');
  });

  test('logout ends the visitor session on the server', async () => {
    const calls: Call[] = [];
    const cookies: string[] = [];
    const g = createGalleryClient({ baseUrl: s.url, collection: open.slug, email: email(), fetch: recording(calls, cookies) });
    await g.collection();
    const cookie = cookies.at(-1) ?? '';
    assert.match(cookie, /gallery_session=/);
    await g.logout();
    assert.equal(trace(calls).at(-1), 'POST /galleries/logout 200');
    const replay = await fetch(`${s.url}/api/v1/gallery/collection`, { headers: { cookie, accept: 'application/json' } });
    assert.equal(replay.status, 401);
    await g.collection();
    assert.equal(trace(calls).at(-2), 'POST /galleries/login 201', 'the next call logs in again');
  });

  test('a throttled login (429 with Retry-After) is retried after the announced wait', async () => {
    const who = email();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${s.url}/galleries/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: who, collection: guarded.slug, password: 'wrong wrong' }),
      });
      assert.equal(res.status, 401);
    }
    const calls: Call[] = [];
    const waits: number[] = [];
    const g = createGalleryClient({
      baseUrl: s.url, collection: guarded.slug, email: who, password: PASSWORD, fetch: recording(calls),
      // The server runs on a fake clock: waiting means moving it, not sleeping.
      retry: { sleep: async (ms) => { waits.push(ms); s.clock.advance(ms / 1000); } },
    });
    assert.equal((await g.collection()).id, guarded.id);
    assert.deepEqual(trace(calls), ['POST /galleries/login 429', 'POST /galleries/login 201', 'GET /api/v1/gallery/collection 200']);
    assert.equal(waits.length, 1);
    assert.ok((waits[0] ?? 0) >= 1000, `waited ${waits[0]} ms for Retry-After`);
  });
});
