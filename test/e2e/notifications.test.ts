// Notifications (issue #4): paginated list with links, mark-read, studio isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, login, type TestApp } from '../helpers/app.ts';
import { assertCSRFFailed, assertJsonError, withoutRequestId } from '../helpers/http.ts';
import { apiAs, randomId, type ApiCall } from '../helpers/studio-api.ts';

describe('notifications', () => {
  let t: TestApp;
  let asA: ApiCall;
  let studioA: string;
  let studioB: string;
  const aIds: string[] = [];
  let bId: string;

  before(async () => {
    t = await buildTestApp();
    const a = await createUser(t, { studio: 'Notify A', role: 'member' });
    const b = await createUser(t, { studio: 'Notify B', role: 'owner' });
    studioA = a.studioId ?? '';
    studioB = b.studioId ?? '';
    asA = apiAs(t, await login(t, a));
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1);
      aIds.push((await t.store.notifications.createNotification({ studioId: studioA, kind: 'favorite', message: `Favorite ${i}`, data: { photo: i }, now: t.clock.now() })).id);
    }
    bId = (await t.store.notifications.createNotification({ studioId: studioB, kind: 'download', message: 'BRAVO download', data: {}, now: t.clock.now() })).id;
  });
  after(async () => {
    await t.close();
  });

  test('list is paginated with meta and links, newest first, own studio only', async () => {
    const p1 = (await asA('GET', '/api/v1/notifications/all?per_page=2')).json();
    assert.deepEqual(p1.meta, { current_page: 1, per_page: 2, total: 3, total_pages: 2 });
    assert.deepEqual(p1.links, { next: '/api/v1/notifications/all?page=2&per_page=2', prev: null });
    assert.deepEqual(p1.data.map((n: { id: string }) => n.id), [aIds[2], aIds[1]]);
    assert.equal(p1.data[0].read, false);
    assert.equal(p1.data[0].read_at, null);
    const p2 = (await asA('GET', p1.links.next)).json();
    assert.deepEqual(p2.links, { next: null, prev: '/api/v1/notifications/all?page=1&per_page=2' });
    assert.deepEqual(p2.data.map((n: { id: string }) => n.id), [aIds[0]]);
    const beyond = (await asA('GET', '/api/v1/notifications/all?page=5&per_page=2')).json();
    assert.deepEqual(beyond.data, []);
    assert.deepEqual(beyond.links, { next: null, prev: '/api/v1/notifications/all?page=2&per_page=2' });
    assertJsonError(await asA('GET', '/api/v1/notifications/all?per_page=101'), 422, 'validation_failed');
    assertJsonError(await asA('GET', '/api/v1/notifications/all?per_page=0'), 422, 'validation_failed');
    const all = await asA('GET', '/api/v1/notifications/all?per_page=100');
    assert.doesNotMatch(all.body, /BRAVO/);
  });

  test('mark read: idempotent, keeps the first read time', async () => {
    const id = aIds[0] ?? '';
    t.clock.advance(10);
    const first = await asA('POST', `/api/v1/notifications/${id}/read`);
    assert.equal(first.statusCode, 200, first.body);
    const readAt = new Date(t.clock.now()).toISOString();
    assert.deepEqual(first.json().data, { id, kind: 'favorite', message: 'Favorite 0', data: { photo: 0 }, read: true, read_at: readAt, created_at: first.json().data.created_at });
    t.clock.advance(10);
    const again = await asA('POST', `/api/v1/notifications/${id}/read`);
    assert.equal(again.json().data.read_at, readAt);
    const listed = (await asA('GET', '/api/v1/notifications/all')).json().data.find((n: { id: string }) => n.id === id);
    assert.equal(listed.read, true);
  });

  test("another studio's notification is 404 like a random id, and stays unread", async () => {
    const foreign = await asA('POST', `/api/v1/notifications/${bId}/read`);
    const missing = await asA('POST', `/api/v1/notifications/${randomId('nt')}/read`);
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(withoutRequestId(foreign.json()), withoutRequestId(missing.json()));
    assert.deepEqual(withoutRequestId(foreign.json()), { error: 'Not Found', message: 'Notification not found', code: 'not_found' });
    assert.equal((await t.store.notifications.findNotification(studioB, bId))?.readAt, null);
  });

  test('bad ids are 400; CSRF is required', async () => {
    assertJsonError(await asA('POST', '/api/v1/notifications/nope/read'), 400, 'invalid_id_format');
    assertJsonError(await asA('POST', `/api/v1/notifications/${randomId('cl')}/read`), 400, 'invalid_id_format');
    assertCSRFFailed(await asA('POST', `/api/v1/notifications/${aIds[1]}/read`, undefined, { csrf: false }));
    assert.equal((await t.store.notifications.findNotification(studioA, aIds[1] ?? ''))?.readAt, null);
  });
});
