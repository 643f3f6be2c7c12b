// Galleries API (issue #4): CRUD inside a collection, ordering, the role matrix and cross-studio isolation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type TestApp, withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, storedFiles, studioSession, uploadOne, type StudioSession } from '../helpers/gallery.ts';
import { housekeeping } from '../../src/main.ts';
import { withoutRequestId } from '../helpers/http.ts';

function req(t: TestApp, s: StudioSession, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) {
  return t.app.inject({ method, url, headers: s.headers, ...(payload === undefined ? {} : { payload }) });
}

test('create galleries in a collection, list them by position, update, replace and delete', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const c = await createCollection(t, s);
  const first = await createGallery(t, s, c.id, { name: 'Ceremony', description: 'Vows' });
  const second = await createGallery(t, s, c.id, { name: 'Party', private: true });
  assert.match(first.id, /^ga_[0-9A-Za-z]{22}$/);
  assert.equal(first.collection_id, c.id);
  assert.equal(first.position, 0);
  assert.equal(second.position, 1, 'new galleries go last');
  assert.equal(second.private, true);

  const moved = await req(t, s, 'PATCH', `/api/v1/galleries/${second.id}`, { position: 0, name: 'Dinner', private: false, collection_id: 'co_forged' });
  assert.equal(moved.statusCode, 200);
  assert.equal(moved.json().data.name, 'Dinner');
  assert.equal(moved.json().data.collection_id, c.id);
  await req(t, s, 'PATCH', `/api/v1/galleries/${first.id}`, { position: 5 });
  const list = await req(t, s, 'GET', `/api/v1/collections/${c.id}/galleries`);
  assert.deepEqual(list.json().data.map((g: { name: string }) => g.name), ['Dinner', 'Ceremony']);
  assert.deepEqual(list.json().meta, { current_page: 1, per_page: 25, total: 2, total_pages: 1 });
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${c.id}/galleries?per_page=1`)).json().links.next, `/api/v1/collections/${c.id}/galleries?page=2&per_page=1`);

  const got = await req(t, s, 'GET', `/api/v1/galleries/${first.id}`);
  assert.equal(got.json().data.description, 'Vows');
  await req(t, s, 'PATCH', `/api/v1/galleries/${first.id}`, { private: true });
  const kept = await req(t, s, 'PATCH', `/api/v1/galleries/${first.id}`, { name: 'Patched' });
  assert.equal(kept.json().data.description, 'Vows', 'PATCH keeps what it does not name');
  assert.equal(kept.json().data.private, true);
  const positionBefore = kept.json().data.position;
  const put = await req(t, s, 'PUT', `/api/v1/galleries/${first.id}`, { name: 'Replaced' });
  assert.equal(put.json().data.name, 'Replaced');
  assert.equal(put.json().data.description, '', 'PUT resets a description it leaves out');
  assert.equal(put.json().data.private, false, 'and the private flag');
  assert.equal(put.json().data.position, positionBefore, 'the position is kept');
  assert.equal((await req(t, s, 'PUT', `/api/v1/galleries/${first.id}`, { private: true })).statusCode, 422);
  assert.equal((await req(t, s, 'PATCH', `/api/v1/galleries/${first.id}`, { name: '  ' })).statusCode, 422);
  assert.equal((await req(t, s, 'PATCH', `/api/v1/galleries/${first.id}`, { position: -1 })).statusCode, 422);
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${c.id}`)).json().data.gallery_count, 2);

  assert.equal((await req(t, s, 'DELETE', `/api/v1/galleries/${first.id}`)).statusCode, 204);
  assert.equal((await req(t, s, 'GET', `/api/v1/galleries/${first.id}`)).statusCode, 404);
  assert.equal((await req(t, s, 'GET', `/api/v1/collections/${c.id}`)).json().data.gallery_count, 1);
}));

test('deleting a gallery or a collection removes its photos\' rows and files', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const c = await createCollection(t, s);
  const g1 = await createGallery(t, s, c.id);
  const g2 = await createGallery(t, s, c.id);
  const p1 = await uploadOne(t, s, g1.id);
  await uploadOne(t, s, g2.id);
  await req(t, s, 'PATCH', `/api/v1/collections/${c.id}`, { cover_photo_id: p1.id });
  // Seven files per photo: the original, and thumbnail, medium and web size as JPEG and WebP.
  assert.equal(storedFiles(t).length, 14);
  assert.equal((await req(t, s, 'DELETE', `/api/v1/galleries/${g1.id}`)).statusCode, 204);
  assert.equal(storedFiles(t).length, 7);
  assert.equal((await req(t, s, 'GET', `/api/v1/photos/${p1.id}`)).statusCode, 404);
  const after = (await req(t, s, 'GET', `/api/v1/collections/${c.id}`)).json().data;
  assert.equal(after.cover_photo, null);
  assert.equal(after.photo_count, 1);
  assert.equal((await req(t, s, 'DELETE', `/api/v1/collections/${c.id}`)).statusCode, 204);
  assert.deepEqual(storedFiles(t), []);
  assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), [], 'the notes of removed files are forgotten');
  assert.equal((await req(t, s, 'GET', `/api/v1/galleries/${g2.id}`)).statusCode, 404);
}));

test('files a deletion could not remove (the storage failed, or the process died) are removed by the housekeeping, originals too', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const c = await createCollection(t, s);
  const g1 = await createGallery(t, s, c.id);
  const g2 = await createGallery(t, s, c.id);
  const p1 = await uploadOne(t, s, g1.id);
  const p2 = await uploadOne(t, s, g2.id);
  const filesOf = (id: string): string[] => storedFiles(t).filter((k) => k.includes(id));
  const storage = t.deps.storage;
  const remove = storage.remove.bind(storage);
  storage.remove = (): Promise<void> => Promise.reject(new Error('storage unreachable'));
  try {
    assert.equal((await req(t, s, 'DELETE', `/api/v1/galleries/${g1.id}`)).statusCode, 204, 'the rows are gone: the request succeeds');
    assert.equal(filesOf(p1.id).length, 7, 'the files stayed');
  } finally {
    storage.remove = remove;
  }
  await housekeeping(t.deps);
  assert.deepEqual(filesOf(p1.id), [], 'removed by the housekeeping, the original included');
  assert.equal(filesOf(p2.id).length, 7, 'another gallery\'s photo keeps its files');

  storage.remove = (): Promise<void> => Promise.reject(new Error('storage unreachable'));
  try {
    assert.equal((await req(t, s, 'DELETE', `/api/v1/collections/${c.id}`)).statusCode, 204);
  } finally {
    storage.remove = remove;
  }
  assert.equal(filesOf(p2.id).length, 7);
  await housekeeping(t.deps);
  assert.deepEqual(storedFiles(t), []);
  assert.deepEqual(await t.store.photos.listRenderSetsDue(t.clock.now(), 10), [], 'no note is left');
}));

test('ids: wrong prefix 400, unknown 404', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
    const body = method === 'GET' || method === 'DELETE' ? undefined : { name: 'x' };
    const bad = await req(t, s, method, '/api/v1/galleries/co_AAAAAAAAAAAAAAAAAAAAAA', body);
    assert.equal(bad.statusCode, 400, method);
    assert.equal(bad.json().code, 'invalid_id_format');
    assert.equal((await req(t, s, method, '/api/v1/galleries/ga_AAAAAAAAAAAAAAAAAAAAAA', body)).statusCode, 404, method);
  }
  assert.equal((await req(t, s, 'POST', '/api/v1/collections/ga_AAAAAAAAAAAAAAAAAAAAAA/galleries', { name: 'x' })).statusCode, 400);
}));

test('role matrix: viewers read galleries but cannot change them', () => withTestApp({}, async (t) => {
  const owner = await studioSession(t, { studio: 'Gallery Roles' });
  const viewer = await studioSession(t, { studio: 'Gallery Roles', role: 'viewer' });
  const member = await studioSession(t, { studio: 'Gallery Roles', role: 'member' });
  const admin = await studioSession(t, { studio: 'Gallery Roles', role: 'admin' });
  const c = await createCollection(t, owner);
  const g = await createGallery(t, owner, c.id);
  assert.equal((await req(t, viewer, 'GET', `/api/v1/galleries/${g.id}`)).statusCode, 200);
  assert.equal((await req(t, viewer, 'GET', `/api/v1/collections/${c.id}/galleries`)).statusCode, 200);
  for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
    assert.equal((await req(t, viewer, method, `/api/v1/galleries/${g.id}`, method === 'DELETE' ? undefined : { name: 'x' })).statusCode, 403, method);
  }
  assert.equal((await req(t, member, 'PATCH', `/api/v1/galleries/${g.id}`, { name: 'member' })).statusCode, 200);
  assert.equal((await req(t, admin, 'POST', `/api/v1/collections/${c.id}/galleries`, { name: 'admin' })).statusCode, 201);
}));

test('cross-studio isolation: another studio\'s gallery is a 404 everywhere', () => withTestApp({}, async (t) => {
  const a = await studioSession(t);
  const b = await studioSession(t);
  const c = await createCollection(t, a);
  const g = await createGallery(t, a, c.id, { name: 'MARKER-G' });
  for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
    const body = method === 'GET' || method === 'DELETE' ? undefined : { name: 'stolen' };
    const res = await req(t, b, method, `/api/v1/galleries/${g.id}`, body);
    assert.equal(res.statusCode, 404, method);
    assert.deepEqual(withoutRequestId(res.json()), withoutRequestId((await req(t, b, method, '/api/v1/galleries/ga_AAAAAAAAAAAAAAAAAAAAAA', body)).json()));
  }
  assert.equal((await req(t, b, 'GET', `/api/v1/galleries/${g.id}/photos`)).statusCode, 404);
  assert.equal((await req(t, a, 'GET', `/api/v1/galleries/${g.id}`)).json().data.name, 'MARKER-G');
}));
