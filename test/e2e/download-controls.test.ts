// issue #18: delivery controls per collection. A download PIN apart from the gallery password (stored as an argon2id
// hash, one verification per attempt, throttled like the password, remembered per visitor session, forgotten when the
// studio changes it) guards every download; a limit on distinct originals per visitor (403 download_limit_reached
// with {limit, used}) counts single originals and archives of originals once per photo; the expiry date is on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin, type StudioSession, type VisitorSession } from '../helpers/gallery.ts';
import { assertJsonError } from '../helpers/http.ts';

const PASSWORD = 'open sesame';
const PIN = '482193';

interface Fixture { s: StudioSession; collection: { id: string; slug: string }; photos: string[] }

async function fixture(t: TestApp, body: Record<string, unknown>): Promise<Fixture> {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Delivery', password: PASSWORD, downloadable: 'original', ...body });
  const gallery = await createGallery(t, s, collection.id, { name: 'All' });
  const photos = [];
  for (const [i, color] of ['#aa0000', '#00aa00', '#0000aa'].entries()) photos.push((await uploadOne(t, s, gallery.id, await sampleJpeg({ color }), `p${i + 1}.jpg`)).id);
  return { s, collection, photos };
}

const get = (t: TestApp, v: VisitorSession, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { cookie: v.cookie, ...headers } });
const enterPin = (t: TestApp, v: VisitorSession, pin: string) => t.app.inject({ method: 'POST', url: '/api/v1/gallery/download-pin', headers: v.headers, payload: { pin } });

function countVerifications(t: TestApp): { readonly count: number } {
  const hasher = t.deps.hasher;
  const real = hasher.verify.bind(hasher);
  let count = 0;
  hasher.verify = (phc: string, password: string): Promise<boolean> => {
    count++;
    return real(phc, password);
  };
  return { get count() { return count; } };
}

function collectionRow(t: TestApp, id: string): { download_pin_hash: string | null; password_hash: string | null; original_download_limit: number | null } {
  const db = new BetterSqlite3(join(t.dataDir, 'lightbox.db'), { readonly: true });
  try {
    return db.prepare('select download_pin_hash, password_hash, original_download_limit from collections where id = ?').get(id) as { download_pin_hash: string | null; password_hash: string | null; original_download_limit: number | null };
  } finally {
    db.close();
  }
}

test('the studio sets a PIN and a limit: hashed, never echoed, validated, removable', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { download_pin: PIN, original_download_limit: 2 });
  const read = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}`, headers: { cookie: f.s.cookie } });
  assert.deepEqual([read.json().data.download_pin_protected, read.json().data.original_download_limit], [true, 2]);
  assert.ok(!read.body.includes(PIN), 'the PIN is never echoed');
  const row = collectionRow(t, f.collection.id);
  assert.match(row.download_pin_hash ?? '', /^\$argon2id\$v=19\$/, 'stored with the password hasher');
  assert.ok(!(row.download_pin_hash ?? '').includes(PIN));
  assert.notEqual(row.download_pin_hash, row.password_hash);

  const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload });
  for (const pin of ['123', '1234567890123', '12a4', '', ' 1234']) assertJsonError(await patch({ download_pin: pin }), 422, 'validation_failed');
  for (const limit of [-1, 1.5, 100_001, '3']) assertJsonError(await patch({ original_download_limit: limit }), 422, 'validation_failed');
  const cleared = await patch({ download_pin: null, original_download_limit: null });
  assert.equal(cleared.statusCode, 200, cleared.body);
  assert.deepEqual([cleared.json().data.download_pin_protected, cleared.json().data.original_download_limit], [false, null]);
  assert.equal(collectionRow(t, f.collection.id).download_pin_hash, null);
}));

test('a PIN guards every download; wrong is 403 download_pin_invalid; the right one is remembered for the session only', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { download_pin: PIN });
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const info = (await get(t, v, '/api/v1/gallery/collection')).json().data;
  assert.deepEqual([info.download_pin_protected, info.download_pin_entered], [true, false]);
  const [p1] = f.photos;
  const guarded = [
    `/api/v1/gallery/photos/${p1}/download?size=web-size`, `/api/v1/gallery/photos/${p1}/download?size=original`, `/api/v1/gallery/photos/${p1}/original`,
    `/api/v1/gallery/photos/${p1}/download/check?size=web-size`, '/api/v1/gallery/archive/summary?scope=collection&size=web-size', '/api/v1/gallery/archive?scope=collection&size=original',
  ];
  for (const url of guarded) assertJsonError(await get(t, v, url), 403, 'download_pin_required');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/web`)).statusCode, 200, 'viewing is not downloading');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/thumbnail`)).statusCode, 200);

  const verifications = countVerifications(t);
  assertJsonError(await enterPin(t, v, '000000'), 403, 'download_pin_invalid');
  assertJsonError(await enterPin(t, v, PASSWORD), 403, 'download_pin_invalid');
  assert.equal(verifications.count, 2, 'one argon2 verification per attempt');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/gallery/download-pin', headers: { cookie: v.cookie }, payload: { pin: PIN } }), 403, 'csrf_failed');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/gallery/download-pin', headers: v.headers, payload: {} }), 422, 'validation_failed');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/gallery/download-pin', headers: v.headers, payload: { pin: 'x'.repeat(65) } }), 422, 'validation_failed');
  const right = await enterPin(t, v, PIN);
  assert.equal(right.statusCode, 200, right.body);
  assert.deepEqual(right.json().data, { download_pin_protected: true, download_pin_entered: true, original_download_limit: null, original_downloads_used: 0 });
  assert.equal(verifications.count, 3);
  assert.equal((await enterPin(t, v, 'anything')).statusCode, 200, 'once entered, the session needs no PIN');
  assert.equal(verifications.count, 3, 'and costs no verification');

  for (const url of guarded) assert.equal((await get(t, v, url)).statusCode, 200, url);
  assert.equal((await get(t, v, '/api/v1/gallery/collection')).json().data.download_pin_entered, true);
  assert.ok(!t.logs.text().includes(PIN), 'the PIN is in no log line');
  assert.ok(t.logs.records().some((r) => r.event === 'download_pin_failed'), 'failures are audited');

  // Another session (even the same visitor's) enters it again; so does every session after the studio changes it.
  const again = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  assertJsonError(await get(t, again, `/api/v1/gallery/photos/${p1}/download`), 403, 'download_pin_required');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/download`)).statusCode, 200, 'the first session keeps it');
  assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { download_pin: '7777' } })).statusCode, 200);
  assertJsonError(await get(t, v, `/api/v1/gallery/photos/${p1}/download`), 403, 'download_pin_required');
  assertJsonError(await enterPin(t, v, PIN), 403, 'download_pin_invalid');
  assert.equal((await enterPin(t, v, '7777')).statusCode, 200);
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/download`)).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { download_pin: null } })).statusCode, 200);
  assert.equal((await get(t, again, `/api/v1/gallery/photos/${p1}/download`)).statusCode, 200, 'no PIN, no prompt');
}));

test('wrong PINs are throttled per collection and visitor like the gallery password: 429, even for the right PIN', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { download_pin: PIN });
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  for (let i = 0; i < 5; i++) assertJsonError(await enterPin(t, v, `00000${i}`), 403, 'download_pin_invalid');
  const throttled = assertJsonError(await enterPin(t, v, '999999'), 429, 'too_many_attempts');
  assert.ok(throttled);
  const right = await enterPin(t, v, PIN);
  assert.equal(right.statusCode, 429, 'even the right PIN waits');
  assert.ok(Number(right.headers['retry-after']) >= 1);
  // Another visitor of the collection is not held up by Anna's guesses.
  const bob = await visitorLogin(t, { email: 'bob@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await enterPin(t, bob, PIN)).statusCode, 200);
  // A new session of the same visitor does not start afresh.
  const anew = await visitorLogin(t, { email: 'ANNA@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await enterPin(t, anew, PIN)).statusCode, 429);
  t.clock.advance(3600);
  assert.equal((await enterPin(t, v, PIN)).statusCode, 200);
}));

test('a collection without a PIN needs none; a PIN entry there is a no-op', () => withTestApp({}, async (t) => {
  const f = await fixture(t, {});
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${f.photos[0]}/download`)).statusCode, 200);
  const res = await enterPin(t, v, '1234');
  assert.equal(res.statusCode, 200);
  assert.deepEqual([res.json().data.download_pin_protected, res.json().data.download_pin_entered], [false, false]);
}));

test('the original limit counts distinct originals per visitor; reached is 403 download_limit_reached with {limit, used}', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { original_download_limit: 2 });
  const [p1, p2, p3] = f.photos as [string, string, string];
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const used = async (): Promise<number> => (await get(t, v, '/api/v1/gallery/collection')).json().data.original_downloads_used;
  assert.deepEqual([(await get(t, v, '/api/v1/gallery/collection')).json().data.original_download_limit, await used()], [2, 0]);

  const check = await get(t, v, `/api/v1/gallery/photos/${p1}/download/check?size=original`);
  assert.deepEqual([check.statusCode, check.json().data.counts_against_limit], [200, true]);
  assert.equal(await used(), 0, 'a check counts nothing');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/download?size=original`)).statusCode, 200);
  assert.equal(await used(), 1);
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/original`)).statusCode, 200, 'the same original again');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/original`, { range: 'bytes=10-' })).statusCode, 206, 'a resumed transfer');
  assert.equal(await used(), 1, 'is free');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/download/check?size=original`)).json().data.counts_against_limit, false);
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p2}/original`)).statusCode, 200);
  assert.equal(await used(), 2);

  const reached = assertJsonError(await get(t, v, `/api/v1/gallery/photos/${p3}/download?size=original`), 403, 'download_limit_reached');
  assert.deepEqual(reached.details, { limit: 2, used: 2 });
  assert.match(String(reached.message), /downloaded 2 of the 2 originals/);
  assertJsonError(await get(t, v, `/api/v1/gallery/photos/${p3}/original`, { range: 'bytes=100-' }), 403, 'download_limit_reached');
  assertJsonError(await get(t, v, `/api/v1/gallery/photos/${p3}/download/check?size=original`), 403, 'download_limit_reached');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p3}/download?size=web-size`)).statusCode, 200, 'web-size copies never count');
  assert.equal((await get(t, v, `/api/v1/gallery/photos/${p1}/original`)).statusCode, 200, 'originals already downloaded stay available');

  // An archive of originals counts every original in it not downloaded before, and is refused whole when they do not fit.
  const summary = assertJsonError(await get(t, v, '/api/v1/gallery/archive/summary?scope=collection&size=original'), 403, 'download_limit_reached');
  assert.deepEqual(summary.details, { limit: 2, used: 2 });
  assertJsonError(await get(t, v, '/api/v1/gallery/archive?scope=collection&size=original'), 403, 'download_limit_reached');
  assert.equal((await get(t, v, '/api/v1/gallery/archive?scope=collection&size=web-size')).statusCode, 200, 'a web-size archive is not limited');
  assert.equal(await used(), 2);

  // Another visitor has their own count.
  const bob = await visitorLogin(t, { email: 'bob@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await get(t, bob, `/api/v1/gallery/photos/${p3}/original`)).statusCode, 200);

  // Raised to 3: the archive counts only p3 for Anna, and then everything is hers.
  assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { original_download_limit: 3 } })).statusCode, 200);
  const fits = await get(t, v, '/api/v1/gallery/archive/summary?scope=collection&size=original');
  assert.deepEqual([fits.statusCode, fits.json().data.photos, fits.json().data.counts_against_limit], [200, 3, 1]);
  const zip = await get(t, v, '/api/v1/gallery/archive?scope=collection&size=original');
  assert.equal(zip.statusCode, 200);
  assert.equal(await used(), 3);
  assert.equal((await get(t, v, '/api/v1/gallery/archive?scope=collection&size=original')).statusCode, 200, 'the same archive again is free');
  assert.equal(await used(), 3);
}));

test('concurrent originals at the edge of the limit: exactly one goes through', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { original_download_limit: 1 });
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const answers = await Promise.all(f.photos.map((p) => get(t, v, `/api/v1/gallery/photos/${p}/original`)));
  assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 403, 403]);
  for (const r of answers.filter((a) => a.statusCode === 403)) assert.equal(r.json().code, 'download_limit_reached');
  assert.equal((await get(t, v, '/api/v1/gallery/collection')).json().data.original_downloads_used, 1);
}));

test('the expiry date is on the gallery page; the PIN and the limit reach the page for its script', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { expiry_date: '2026-02-28', download_pin: PIN, original_download_limit: 5 });
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const page = await get(t, v, `/galleries/${f.collection.slug}`, { accept: 'text/html' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<p class="cover-expiry">Available until <time datetime="2026-02-28">28 February 2026<\/time><\/p>/);
  assert.match(page.body, /<body class="gallery-page" data-pin="required" data-original-limit="5" data-originals-used="0" data-email-confirmation="none">/);
  assert.match(page.body, /<dialog id="pin" class="sheet"/);
  assert.equal((await enterPin(t, v, PIN)).statusCode, 200);
  assert.match((await get(t, v, `/galleries/${f.collection.slug}`, { accept: 'text/html' })).body, /data-pin="none"/);
  const open = await fixture(t, {});
  const w = await visitorLogin(t, { email: 'anna@example.com', collection: open.collection.slug, password: PASSWORD });
  assert.doesNotMatch((await get(t, w, `/galleries/${open.collection.slug}`, { accept: 'text/html' })).body, /cover-expiry/, 'no expiry, no line');
}));
