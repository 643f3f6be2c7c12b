// Collections API (issue #4): CRUD, validation, pagination, the role matrix and cross-studio isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type TestApp, withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, multipartBody, studioSession, uploadOne, type StudioSession } from '../helpers/gallery.ts';
import { withoutRequestId } from '../helpers/http.ts';

const OTHER_CO = 'co_AAAAAAAAAAAAAAAAAAAAAA';

function req(t: TestApp, s: StudioSession, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
}

test('create, read, update, replace and delete a collection', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const created = await req(t, s, 'POST', '/api/v1/collections', {
    name: ' Smith Wedding ', description: 'June', event_date: '2026-06-20', password: 'open sesame', expiry_date: '2026-12-31',
    downloadable: 'original', client_emails: ['Anna@Example.com', 'anna@example.com', 'ben@example.com'], studio_id: 'st_forged',
  });
  assert.equal(created.statusCode, 201);
  const c = created.json().data;
  assert.match(c.id, /^co_[0-9A-Za-z]{22}$/);
  assert.equal(created.headers.location, `/api/v1/collections/${c.id}`);
  assert.equal(c.name, 'Smith Wedding');
  assert.equal(c.event_date, '2026-06-20');
  assert.equal(c.expiry_date, '2026-12-31');
  assert.equal(c.expired, false);
  assert.equal(c.password_protected, true);
  assert.equal(c.downloadable, 'original');
  assert.equal(c.gallery_count, 0);
  assert.equal(c.photo_count, 0);
  assert.match(c.slug, /^smith-wedding-[a-z0-9]{8}$/);
  assert.ok(!JSON.stringify(c).includes('argon2') && !('password' in c));

  const stored = await t.store.collections.findCollection(s.studioId, c.id);
  assert.match(stored?.passwordHash ?? '', /^\$argon2id\$/);

  const clients = await req(t, s, 'GET', `/api/v1/collections/${c.id}/clients`);
  assert.deepEqual(clients.json().data.map((e: { email: string }) => e.email), ['anna@example.com', 'ben@example.com']);

  const got = await req(t, s, 'GET', `/api/v1/collections/${c.id}`);
  assert.equal(got.statusCode, 200);
  assert.deepEqual(got.json().data, c);

  const patched = await req(t, s, 'PATCH', `/api/v1/collections/${c.id}`, { name: 'Smith & Jones', password: null, downloadable: 'none', client_emails: [] });
  assert.equal(patched.statusCode, 200);
  assert.equal(patched.json().data.name, 'Smith & Jones');
  assert.equal(patched.json().data.password_protected, false);
  assert.equal(patched.json().data.downloadable, 'none');
  assert.equal(patched.json().data.slug, c.slug, 'the slug never changes');
  assert.deepEqual((await req(t, s, 'GET', `/api/v1/collections/${c.id}/clients`)).json().data, []);

  const put = await req(t, s, 'PUT', `/api/v1/collections/${c.id}`, { name: 'Replaced', expiry_date: null });
  assert.equal(put.statusCode, 200);
  assert.equal(put.json().data.expiry_date, null);
  assert.equal((await req(t, s, 'PUT', `/api/v1/collections/${c.id}`, { description: 'no name' })).statusCode, 422);

  const del = await req(t, s, 'DELETE', `/api/v1/collections/${c.id}`);
  assert.equal(del.statusCode, 204);
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${c.id}`)).statusCode, 404);
}));

test('expiry: the collection is open through its expiry date (UTC) and expired after it', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const c = await createCollection(t, s, { expiry_date: '2026-01-01' }); // the fake clock starts at 2026-01-01T00:00Z
  assert.equal(c.expired, false);
  t.clock.advance(86_400);
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${c.id}`)).json().data.expired, true);
}));

test('validation failures are 422 with details per field', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const res = await req(t, s, 'POST', '/api/v1/collections', { name: '   ', event_date: '2026-02-30', expiry_date: '2026-13-01', password: 'abc', client_emails: ['ok@example.com', 'not-an-email'] });
  assert.equal(res.statusCode, 422);
  const details = res.json().details;
  for (const key of ['name', 'event_date', 'expiry_date', 'password', 'client_emails.1']) assert.ok(key in details, key);
  assert.equal((await req(t, s, 'POST', '/api/v1/collections', { name: 'x', downloadable: 'everything' })).statusCode, 422);
  assert.equal((await req(t, s, 'POST', '/api/v1/collections', { name: 'x', event_date: '20-1-1' })).statusCode, 422);
  assert.equal((await req(t, s, 'POST', '/api/v1/collections', {})).json().code, 'validation_failed');
}));

test('wrong id prefix is 400 invalid_id_format, an unknown id 404', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  for (const path of ['', '/galleries', '/clients', '/visitor_emails', '/favorites', '/downloads']) {
    const bad = await req(t, s, 'GET', `/api/v1/collections/ga_AAAAAAAAAAAAAAAAAAAAAA${path}`);
    assert.equal(bad.statusCode, 400, path);
    assert.equal(bad.json().code, 'invalid_id_format');
    assert.equal((await req(t, s, 'GET', `/api/v1/collections/${OTHER_CO}${path}`)).statusCode, 404, path);
  }
}));

test('pagination: page/per_page, meta, links and edges', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  for (let i = 0; i < 5; i++) {
    await createCollection(t, s, { name: `C${i}` });
    t.clock.advance(1);
  }
  const first = await req(t, s, 'GET', '/api/v1/collections?per_page=2');
  assert.equal(first.statusCode, 200);
  assert.deepEqual(first.json().meta, { current_page: 1, per_page: 2, total: 5, total_pages: 3 });
  assert.deepEqual(first.json().data.map((c: { name: string }) => c.name), ['C4', 'C3']);
  assert.equal(first.json().links.next, '/api/v1/collections?page=2&per_page=2');
  assert.equal(first.json().links.prev, null);
  const last = await req(t, s, 'GET', '/api/v1/collections?page=3&per_page=2');
  assert.deepEqual(last.json().data.map((c: { name: string }) => c.name), ['C0']);
  assert.equal(last.json().links.next, null);
  const past = await req(t, s, 'GET', '/api/v1/collections?page=9&per_page=2');
  assert.deepEqual(past.json().data, []);
  const defaults = await req(t, s, 'GET', '/api/v1/collections');
  assert.equal(defaults.json().meta.per_page, 25);
  for (const q of ['per_page=101', 'per_page=0', 'page=0', 'page=abc']) assert.equal((await req(t, s, 'GET', `/api/v1/collections?${q}`)).statusCode, 422, q);
  assert.equal((await req(t, s, 'GET', '/api/v1/collections?per_page=100')).statusCode, 200);
}));

test('cover photo must belong to the collection', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const a = await createCollection(t, s);
  const b = await createCollection(t, s, { name: 'Other' });
  const photo = await uploadOne(t, s, (await createGallery(t, s, a.id)).id);
  const foreign = await uploadOne(t, s, (await createGallery(t, s, b.id)).id);
  assert.equal((await req(t, s, 'PATCH', `/api/v1/collections/${a.id}`, { cover_photo_id: foreign.id })).statusCode, 422);
  assert.equal((await req(t, s, 'POST', '/api/v1/collections', { name: 'New', cover_photo_id: photo.id })).statusCode, 422);
  const ok = await req(t, s, 'PATCH', `/api/v1/collections/${a.id}`, { cover_photo_id: photo.id });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().data.cover_photo, { id: photo.id, thumbnail_url: `/api/v1/photos/${photo.id}/thumbnail`, web_url: `/api/v1/photos/${photo.id}/web` });
  assert.equal(ok.json().data.photo_count, 1);
  assert.equal(ok.json().data.gallery_count, 1);
  assert.equal((await req(t, s, 'DELETE', `/api/v1/photos/${photo.id}`)).statusCode, 204);
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${a.id}`)).json().data.cover_photo, null, 'deleting the cover photo clears it');
}));

test('role matrix: viewers read, members write, nobody without CSRF', () => withTestApp({}, async (t) => {
  const owner = await studioSession(t, { studio: 'Role Studio' });
  const viewer = await studioSession(t, { studio: 'Role Studio', role: 'viewer' });
  const member = await studioSession(t, { studio: 'Role Studio', role: 'member' });
  const c = await createCollection(t, owner);
  assert.equal((await req(t, viewer, 'GET', `/api/v1/collections/${c.id}`)).statusCode, 200);
  assert.equal((await req(t, viewer, 'GET', '/api/v1/collections')).json().meta.total, 1);
  for (const [method, url, body] of [['POST', '/api/v1/collections', { name: 'x' }], ['PATCH', `/api/v1/collections/${c.id}`, { name: 'x' }], ['PUT', `/api/v1/collections/${c.id}`, { name: 'x' }], ['DELETE', `/api/v1/collections/${c.id}`, undefined], ['POST', `/api/v1/collections/${c.id}/galleries`, { name: 'x' }]] as const) {
    const res = await req(t, viewer, method, url, body);
    assert.equal(res.statusCode, 403, `${method} ${url}`);
    assert.equal(res.json().code, 'insufficient_permissions');
  }
  assert.equal((await req(t, member, 'PATCH', `/api/v1/collections/${c.id}`, { name: 'by member' })).statusCode, 200);
  const noCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { cookie: owner.cookie }, payload: { name: 'x' } });
  assert.equal(noCsrf.statusCode, 403);
  const body = multipartBody([], { name: 'x' });
  const multipart = await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: { ...owner.headers, 'content-type': body.contentType }, payload: body.payload });
  assert.equal(multipart.statusCode, 415, 'JSON routes refuse multipart bodies');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/collections' })).statusCode, 401);
}));

test('cross-studio isolation: another studio\'s collection is a 404 on every endpoint and absent from lists', () => withTestApp({}, async (t) => {
  const a = await studioSession(t);
  const b = await studioSession(t);
  const c = await createCollection(t, a, { name: 'MARKER-A' });
  const calls = [
    ['GET', ''], ['PATCH', ''], ['PUT', ''], ['DELETE', ''], ['GET', '/galleries'], ['POST', '/galleries'], ['GET', '/clients'],
    ['GET', '/visitor_emails'], ['GET', '/favorites'], ['GET', '/downloads'],
  ] as const;
  for (const [method, path] of calls) {
    const body = method === 'GET' || method === 'DELETE' ? undefined : { name: 'stolen' };
    const foreign = await req(t, b, method, `/api/v1/collections/${c.id}${path}`, body);
    const missing = await req(t, b, method, `/api/v1/collections/${OTHER_CO}${path}`, body);
    assert.equal(foreign.statusCode, 404, `${method} ${path}`);
    assert.deepEqual(withoutRequestId(foreign.json()), withoutRequestId(missing.json()), `${method} ${path} looks like a missing id`);
  }
  assert.ok(!(await req(t, b, 'GET', '/api/v1/collections')).body.includes('MARKER-A'));
  assert.equal((await req(t, a, 'GET', `/api/v1/collections/${c.id}`)).json().data.name, 'MARKER-A', 'unchanged');
}));

test('PUT replaces: fields left out return to their defaults, the write-only password and PIN stay; PATCH keeps what it does not name', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const full = {
    name: 'Full', description: 'Everything set', event_date: '2026-06-20', expiry_date: '2027-01-31', downloadable: 'original',
    original_download_limit: 5, client_emails: ['ann@example.com'], password: 'open sesame', download_pin: '2468',
  };
  const c = (await req(t, s, 'POST', '/api/v1/collections', full)).json().data as { id: string };
  const patched = (await req(t, s, 'PATCH', `/api/v1/collections/${c.id}`, { name: 'Patched' })).json().data;
  assert.equal(patched.description, 'Everything set', 'PATCH keeps the description');
  assert.equal(patched.expiry_date, '2027-01-31');
  assert.equal(patched.original_download_limit, 5);

  const put = await req(t, s, 'PUT', `/api/v1/collections/${c.id}`, { name: 'Replaced' });
  assert.equal(put.statusCode, 200, put.body);
  const replaced = put.json().data;
  assert.equal(replaced.name, 'Replaced');
  assert.equal(replaced.description, '', 'PUT resets what it leaves out');
  assert.equal(replaced.event_date, null);
  assert.equal(replaced.expiry_date, null);
  assert.equal(replaced.original_download_limit, null);
  const defaults = (await req(t, s, 'POST', '/api/v1/collections', { name: 'Fresh' })).json().data;
  assert.equal(replaced.downloadable, defaults.downloadable, 'the download size returns to what a new collection gets');
  assert.deepEqual((await req(t, s, 'GET', `/api/v1/collections/${c.id}/clients`)).json().data, [], 'the access list is emptied');
  assert.equal(replaced.password_protected, true, 'the password is write-only: a replacement keeps it unless it names it');
  assert.equal(replaced.download_pin_protected, true, 'so is the download PIN');
  const cleared = (await req(t, s, 'PUT', `/api/v1/collections/${c.id}`, { name: 'Open', password: null, download_pin: null })).json().data;
  assert.equal(cleared.password_protected, false);
  assert.equal(cleared.download_pin_protected, false);
}));
