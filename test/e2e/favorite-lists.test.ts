// issue #18: named favorite lists (the default list is the flat favorites), a note per photo, "send my selection"
// (recorded, a studio notification, a mail to the studio's owners), what the studio reads of it, and every error a
// visitor can meet: unknown or foreign list, photo of another collection, note too long, empty list, CSRF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createUser, login, withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin, type StudioSession, type VisitorSession } from '../helpers/gallery.ts';
import { assertJsonError } from '../helpers/http.ts';

const PASSWORD = 'open sesame';
const UNKNOWN_LIST = 'fl_AAAAAAAAAAAAAAAAAAAAAA';

interface Fixture {
  s: StudioSession;
  collection: { id: string; slug: string };
  photos: Array<{ id: string }>;
  hidden: { id: string };
  foreign: { id: string };
  foreignCollection: { id: string; slug: string };
}

async function fixture(t: TestApp): Promise<Fixture> {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Anna & Ben', password: PASSWORD, downloadable: 'original' });
  const gallery = await createGallery(t, s, collection.id, { name: 'Ceremony' });
  const proofs = await createGallery(t, s, collection.id, { name: 'Proofs', private: true });
  const photos = [];
  for (const [i, color] of ['#aa3355', '#3355aa', '#55aa33'].entries()) photos.push(await uploadOne(t, s, gallery.id, await sampleJpeg({ color }), `photo-${i + 1}.jpg`));
  const hidden = await uploadOne(t, s, proofs.id, await sampleJpeg({ color: '#000000' }), 'hidden.jpg');
  const foreignCollection = await createCollection(t, s, { name: 'Other wedding' });
  const foreignGallery = await createGallery(t, s, foreignCollection.id, { name: 'Else' });
  const foreign = await uploadOne(t, s, foreignGallery.id, await sampleJpeg({ color: '#777777' }), 'foreign.jpg');
  return { s, collection, photos, hidden, foreign, foreignCollection };
}

type Call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) => Promise<LightMyRequestResponse>;

function as(t: TestApp, v: VisitorSession): Call {
  return (method, url, payload) => t.app.inject({ method, url, headers: method === 'GET' ? { cookie: v.cookie } : v.headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
}

function studio(t: TestApp, s: StudioSession): (url: string) => Promise<LightMyRequestResponse> {
  return (url) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
}

const at = (f: Fixture, i: number): string => f.photos[i]?.id ?? '';

test('a default list exists from the first visit and is the flat favorites; named lists are created, renamed and deleted', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'Anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const ann = as(t, v);

  const first = await ann('GET', '/api/v1/gallery/favorite-lists');
  assert.equal(first.statusCode, 200, first.body);
  const [fav] = first.json().data as Array<{ id: string; name: string; default: boolean; photo_count: number }>;
  assert.ok(fav);
  assert.deepEqual([first.json().data.length, fav.name, fav.default, fav.photo_count], [1, 'Favorites', true, 0]);
  assert.match(fav.id, /^fl_[0-9A-Za-z]{22}$/);

  // The flat favorites API is the default list, both ways.
  assert.equal((await ann('POST', '/api/v1/gallery/favorites', { photo_id: at(f, 0) })).statusCode, 201);
  t.clock.advance(1);
  assert.equal((await ann('POST', `/api/v1/gallery/favorite-lists/${fav.id}/photos`, { photo_id: at(f, 1) })).statusCode, 201);
  const flat = await ann('GET', '/api/v1/gallery/favorites');
  assert.deepEqual(flat.json().data.map((p: { id: string }) => p.id), [at(f, 1), at(f, 0)]);

  const created = await ann('POST', '/api/v1/gallery/favorite-lists', { name: '  Album <b>2026</b>  ' });
  assert.equal(created.statusCode, 201, created.body);
  const album = created.json().data as { id: string; name: string; default: boolean };
  assert.equal(created.headers.location, `/api/v1/gallery/favorite-lists/${album.id}`);
  assert.deepEqual([album.name, album.default], ['Album <b>2026</b>', false], 'trimmed, stored as written');
  assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'ALBUM <B>2026</B>' }), 409, 'conflict');
  assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'favorites' }), 409, 'conflict');
  const blank = assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', { name: '   ' }), 422, 'validation_failed');
  assert.ok((blank.details as Record<string, string>).name);
  assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'x'.repeat(101) }), 422, 'validation_failed');
  assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'tab\there' }), 422, 'validation_failed');
  assertJsonError(await ann('POST', '/api/v1/gallery/favorite-lists', {}), 422, 'validation_failed');
  assertJsonError(await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorite-lists', headers: { cookie: v.cookie }, payload: { name: 'No CSRF' } }), 403, 'csrf_failed');

  t.clock.advance(1);
  const prints = (await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'Prints' })).json().data as { id: string };
  assert.deepEqual((await ann('GET', '/api/v1/gallery/favorite-lists')).json().data.map((l: { name: string }) => l.name), ['Favorites', 'Album <b>2026</b>', 'Prints']);

  const renamed = await ann('PATCH', `/api/v1/gallery/favorite-lists/${album.id}`, { name: 'Album' });
  assert.equal(renamed.statusCode, 200);
  assert.equal(renamed.json().data.name, 'Album');
  assertJsonError(await ann('PATCH', `/api/v1/gallery/favorite-lists/${album.id}`, { name: 'prints' }), 409, 'conflict');
  const renamedDefault = await ann('PATCH', `/api/v1/gallery/favorite-lists/${fav.id}`, { name: 'Our picks' });
  assert.deepEqual([renamedDefault.statusCode, renamedDefault.json().data.default], [200, true], 'the default list can be renamed and stays the default');

  assertJsonError(await ann('DELETE', `/api/v1/gallery/favorite-lists/${fav.id}`), 409, 'conflict');
  assert.equal((await ann('DELETE', `/api/v1/gallery/favorite-lists/${prints.id}`)).statusCode, 204);
  assertJsonError(await ann('GET', `/api/v1/gallery/favorite-lists/${prints.id}`), 404, 'not_found');
  assertJsonError(await ann('DELETE', `/api/v1/gallery/favorite-lists/${prints.id}`), 404, 'not_found');
  assertJsonError(await ann('GET', `/api/v1/gallery/favorite-lists/${UNKNOWN_LIST}`), 404, 'not_found');
  assertJsonError(await ann('GET', '/api/v1/gallery/favorite-lists/ga_AAAAAAAAAAAAAAAAAAAAAA'), 400, 'invalid_id_format');
  assertJsonError(await ann('GET', '/api/v1/gallery/favorite-lists/not-a-list'), 400, 'invalid_id_format');
}));

test('photos in lists: added once, removed idempotently, marked on every photo; foreign lists and photos are 404', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const ann = as(t, v);
  const bob = as(t, await visitorLogin(t, { email: 'bob@example.com', collection: f.collection.slug, password: PASSWORD }));
  const album = (await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'Album' })).json().data as { id: string };
  const fav = ((await ann('GET', '/api/v1/gallery/favorite-lists')).json().data as Array<{ id: string; default: boolean }>).find((l) => l.default);
  assert.ok(fav);

  const added = await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: at(f, 0) });
  assert.equal(added.statusCode, 201, added.body);
  assert.deepEqual([added.json().data.id, added.json().data.lists, added.json().data.favorite], [at(f, 0), [album.id], false]);
  assert.equal((await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: at(f, 0) })).statusCode, 200, 'already there');
  t.clock.advance(1);
  await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: at(f, 2) });
  await ann('POST', '/api/v1/gallery/favorites', { photo_id: at(f, 0) });

  const one = (await ann('GET', `/api/v1/gallery/photos/${at(f, 0)}`)).json().data;
  assert.deepEqual([one.favorite, [...one.lists].sort()], [true, [album.id, fav.id].sort()]);
  const page = await ann('GET', `/api/v1/gallery/favorite-lists/${album.id}/photos?per_page=1`);
  assert.equal(page.statusCode, 200);
  assert.deepEqual([page.json().meta.total, page.json().data.map((p: { id: string }) => p.id)], [2, [at(f, 2)]], 'most recently added first');
  assert.equal((await ann('GET', `/api/v1/gallery/favorite-lists/${album.id}`)).json().data.photo_count, 2);
  const gallery = (await ann('GET', '/api/v1/gallery/galleries')).json().data[0] as { id: string };
  const listed = (await ann('GET', `/api/v1/gallery/galleries/${gallery.id}/photos`)).json().data as Array<{ id: string; lists: string[] }>;
  assert.deepEqual(listed.find((p) => p.id === at(f, 2))?.lists, [album.id], 'the gallery listing marks lists too');

  // Another collection's photo, a private one, an unknown list, another visitor's list: all 404.
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: f.foreign.id }), 404, 'not_found');
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: f.hidden.id }), 404, 'not_found');
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: 'ph_AAAAAAAAAAAAAAAAAAAAAA' }), 404, 'not_found');
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: 'nope' }), 400, 'invalid_id_format');
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${UNKNOWN_LIST}/photos`, { photo_id: at(f, 1) }), 404, 'not_found');
  for (const [method, url, body] of [
    ['GET', `/api/v1/gallery/favorite-lists/${album.id}`, undefined], ['GET', `/api/v1/gallery/favorite-lists/${album.id}/photos`, undefined],
    ['PATCH', `/api/v1/gallery/favorite-lists/${album.id}`, { name: 'Mine' }], ['DELETE', `/api/v1/gallery/favorite-lists/${album.id}`, undefined],
    ['POST', `/api/v1/gallery/favorite-lists/${album.id}/photos`, { photo_id: at(f, 1) }], ['DELETE', `/api/v1/gallery/favorite-lists/${album.id}/photos/${at(f, 0)}`, undefined],
    ['POST', `/api/v1/gallery/favorite-lists/${album.id}/send`, undefined],
  ] as const) assertJsonError(await bob(method, url, body), 404, 'not_found');
  assert.deepEqual((await bob('GET', `/api/v1/gallery/photos/${at(f, 0)}`)).json().data.lists, [], "Bob does not see Ann's marks");
  const other = await visitorLogin(t, { email: 'anna@example.com', collection: f.foreignCollection.slug });
  assertJsonError(await as(t, other)('GET', `/api/v1/gallery/favorite-lists/${album.id}`), 404, 'not_found');

  assert.equal((await ann('DELETE', `/api/v1/gallery/favorite-lists/${album.id}/photos/${at(f, 0)}`)).statusCode, 204);
  assert.equal((await ann('DELETE', `/api/v1/gallery/favorite-lists/${album.id}/photos/${at(f, 0)}`)).statusCode, 204, 'idempotent');
  assert.deepEqual((await ann('GET', `/api/v1/gallery/photos/${at(f, 0)}`)).json().data.lists, [fav.id]);
  assertJsonError(await t.app.inject({ method: 'DELETE', url: `/api/v1/gallery/favorite-lists/${album.id}/photos/${at(f, 2)}`, headers: { cookie: v.cookie } }), 403, 'csrf_failed');

  // An archive of one list.
  const summary = await ann('GET', `/api/v1/gallery/archive/summary?scope=favorites&list_id=${album.id}&size=web-size`);
  assert.equal(summary.statusCode, 200, summary.body);
  assert.deepEqual([summary.json().data.photos, summary.json().data.filename], [1, 'Anna & Ben - Album.zip']);
  assertJsonError(await ann('GET', `/api/v1/gallery/archive/summary?scope=favorites&list_id=${UNKNOWN_LIST}&size=web-size`), 404, 'not_found');
}));

test('a note per photo: plain text kept as written, at most 1000 characters, escaped on the page, seen by the studio', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const ann = as(t, v);
  const note = 'Warmer please.\r\nAnd <script>alert("x")</script> & crop';
  const put = await ann('PUT', `/api/v1/gallery/photos/${at(f, 0)}/note`, { note: `  ${note}  ` });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual([put.json().data.photo_id, put.json().data.note], [at(f, 0), note.replace('\r\n', '\n')]);
  assert.equal((await ann('GET', `/api/v1/gallery/photos/${at(f, 0)}`)).json().data.note, note.replace('\r\n', '\n'));

  const max = 'é'.repeat(1000);
  assert.equal((await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: max })).json().data.note, max, '1000 characters fit');
  const long = assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: `${max}x` }), 422, 'note_too_long');
  assert.deepEqual(long.details, { max_length: 1000, length: 1001 });
  assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: 'x'.repeat(20_001) }), 422, 'validation_failed');
  assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: 'bell\u0007' }), 422, 'validation_failed');
  assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: 42 }), 422, 'validation_failed');
  assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${f.foreign.id}/note`, { note: 'hi' }), 404, 'not_found');
  assertJsonError(await ann('PUT', `/api/v1/gallery/photos/${f.hidden.id}/note`, { note: 'hi' }), 404, 'not_found');
  assertJsonError(await t.app.inject({ method: 'PUT', url: `/api/v1/gallery/photos/${at(f, 1)}/note`, headers: { cookie: v.cookie }, payload: { note: 'x' } }), 403, 'csrf_failed');

  // On the page the note travels in a data attribute, escaped; no markup of it reaches the document.
  const html = (await t.app.inject({ method: 'GET', url: `/galleries/${f.collection.slug}`, headers: { cookie: v.cookie, accept: 'text/html' } })).body;
  assert.ok(html.includes('data-note="Warmer please.\nAnd &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; crop"'), 'escaped in the attribute');
  assert.ok(!html.includes('<script>alert'), 'never as markup');

  // The studio reads it beside the photo and in the notes route.
  const notes = await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/photo-notes`);
  assert.equal(notes.statusCode, 200, notes.body);
  assert.deepEqual(notes.json().data.map((n: { photo_id: string; email: string; filename: string }) => [n.photo_id, n.email, n.filename]).sort(), [[at(f, 0), 'anna@example.com', 'photo-1.jpg'], [at(f, 1), 'anna@example.com', 'photo-2.jpg']].sort());

  // An empty note deletes it; DELETE is idempotent.
  const cleared = await ann('PUT', `/api/v1/gallery/photos/${at(f, 1)}/note`, { note: '   ' });
  assert.deepEqual([cleared.statusCode, cleared.json().data.note, cleared.json().data.updated_at], [200, null, null]);
  assert.equal((await ann('DELETE', `/api/v1/gallery/photos/${at(f, 0)}/note`)).statusCode, 204);
  assert.equal((await ann('DELETE', `/api/v1/gallery/photos/${at(f, 0)}/note`)).statusCode, 204);
  assert.equal((await ann('GET', `/api/v1/gallery/photos/${at(f, 0)}`)).json().data.note, null);
  assert.equal((await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/photo-notes`)).json().meta.total, 0);
}));

test('send my selection: recorded, a studio notification and a favorites-submitted mail to the owners; an empty list is 400', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const owner2 = await createUser(t, { studio: (await t.store.studios.findStudioById(f.s.studioId))?.name ?? '', role: 'owner', email: 'second-owner@example.com' });
  await createUser(t, { studio: (await t.store.studios.findStudioById(f.s.studioId))?.name ?? '', role: 'member', email: 'member@example.com' });
  assert.ok(owner2.studioId === f.s.studioId, 'the second owner is in the same studio');
  const v = await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD });
  const ann = as(t, v);
  const list = (await ann('POST', '/api/v1/gallery/favorite-lists', { name: 'Album <i>final</i>' })).json().data as { id: string };

  const empty = assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${list.id}/send`), 400, 'empty_selection');
  assert.deepEqual(empty.details, { list_id: list.id });
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${UNKNOWN_LIST}/send`), 404, 'not_found');
  assert.equal((await t.store.mailOutbox.countMailByStatus()).queued, 0, 'nothing queued for an empty list');

  await ann('POST', `/api/v1/gallery/favorite-lists/${list.id}/photos`, { photo_id: at(f, 0) });
  await ann('POST', `/api/v1/gallery/favorite-lists/${list.id}/photos`, { photo_id: at(f, 2) });
  await ann('PUT', `/api/v1/gallery/photos/${at(f, 2)}/note`, { note: 'Print <b>big</b>' });
  t.clock.advance(5);
  const sent = await ann('POST', `/api/v1/gallery/favorite-lists/${list.id}/send`);
  assert.equal(sent.statusCode, 201, sent.body);
  const record = sent.json().data;
  assert.match(record.id, /^fs_/);
  assert.deepEqual([record.list_id, record.list_name, record.email, record.photo_count, [...record.photo_ids].sort(), record.created_at],
    [list.id, 'Album <i>final</i>', 'anna@example.com', 2, [at(f, 0), at(f, 2)].sort(), new Date(t.clock.now()).toISOString()]);

  // The studio: the selections route, the notification, the lists with their notes.
  const selections = await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/selections`);
  assert.deepEqual(selections.json().data.map((s: { id: string; photo_count: number }) => [s.id, s.photo_count]), [[record.id, 2]]);
  const notifications = (await studio(t, f.s)('/api/v1/notifications/all')).json().data as Array<{ kind: string; message: string; data: Record<string, unknown> }>;
  const told = notifications.find((n) => n.kind === 'selection_submitted');
  assert.ok(told, JSON.stringify(notifications.map((n) => n.kind)));
  assert.deepEqual(told.data, { collection_id: f.collection.id, email: 'anna@example.com', selection_id: record.id, list_id: list.id, list_name: 'Album <i>final</i>', photos: 2 });
  assert.match(told.message, /anna@example\.com sent their selection "Album <i>final<\/i>" \(2 photos\)/);
  const favorites = await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/favorites?list_id=${list.id}`);
  assert.equal(favorites.statusCode, 200, favorites.body);
  assert.deepEqual(favorites.json().data.map((x: { photo_id: string; list_name: string; note: string | null; default_list: boolean }) => [x.photo_id, x.list_name, x.note, x.default_list]).sort(),
    [[at(f, 0), 'Album <i>final</i>', null, false], [at(f, 2), 'Album <i>final</i>', 'Print <b>big</b>', false]].sort());
  const lists = await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/favorite-lists`);
  assert.deepEqual(lists.json().data.map((l: { email: string; name: string; photo_count: number }) => [l.email, l.name, l.photo_count]), [['anna@example.com', 'Favorites', 0], ['anna@example.com', 'Album <i>final</i>', 2]]);
  assertJsonError(await studio(t, f.s)(`/api/v1/collections/${f.collection.id}/favorites?list_id=bad`), 400, 'invalid_id_format');

  // One message per owner (not to members), escaped HTML and plain text.
  const mails = await t.store.mailOutbox.listMail(['queued'], 10);
  const firstOwner = (f.s.body.user as { email: string }).email;
  assert.deepEqual(mails.map((m) => m.to).sort(), [owner2.email, firstOwner].sort());
  for (const m of mails) {
    assert.equal(m.kind, 'favorites_submitted');
    assert.equal(m.subject, 'anna@example.com sent a selection of 2 photos from "Anna & Ben"');
    assert.match(m.text, /sent their list "Album <i>final<\/i>" \(2 photos\)/);
    assert.match(m.text, /photo-3\.jpg\n {2}Note: Print <b>big<\/b>/);
    assert.ok(m.html.includes('Album &lt;i&gt;final&lt;/i&gt;') && m.html.includes('Print &lt;b&gt;big&lt;/b&gt;') && m.html.includes('Anna &amp; Ben'), m.html);
    assert.ok(!m.html.includes('<i>final') && !m.html.includes('<b>big'), 'nothing the visitor wrote is markup');
    assert.ok(m.html.includes(`/api/v1/collections/${f.collection.id}/selections`));
  }

  // Another studio cannot read it; a visitor cookie never reaches the Studio API.
  const stranger = await login(t, await createUser(t, { studio: 'Stranger Studio', role: 'owner' }));
  assertJsonError(await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}/selections`, headers: { cookie: stranger.cookie } }), 404, 'not_found');
  for (const path of ['selections', 'favorite-lists', 'photo-notes', 'favorites']) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}/${path}`, headers: { cookie: v.cookie } });
    assertJsonError(res, 403, 'visitor_forbidden');
  }
}));

test('sending is capped at ten an hour per visitor, and a photo gone private is not sent', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const ann = as(t, await visitorLogin(t, { email: 'anna@example.com', collection: f.collection.slug, password: PASSWORD }));
  const fav = ((await ann('GET', '/api/v1/gallery/favorite-lists')).json().data as Array<{ id: string }>)[0]?.id ?? '';
  await ann('POST', '/api/v1/gallery/favorites', { photo_id: at(f, 0) });
  for (let i = 0; i < 10; i++) assert.equal((await ann('POST', `/api/v1/gallery/favorite-lists/${fav}/send`)).statusCode, 201);
  const capped = assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${fav}/send`), 429, 'rate_limited');
  assert.ok(capped);
  t.clock.advance(3601);
  assert.equal((await ann('POST', `/api/v1/gallery/favorite-lists/${fav}/send`)).statusCode, 201, 'an hour later');

  const gallery = (await ann('GET', '/api/v1/gallery/galleries')).json().data[0] as { id: string };
  assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/galleries/${gallery.id}`, headers: f.s.headers, payload: { private: true } })).statusCode, 200);
  t.clock.advance(3601);
  assertJsonError(await ann('POST', `/api/v1/gallery/favorite-lists/${fav}/send`), 400, 'empty_selection');
}));
