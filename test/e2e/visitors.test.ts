// Client gallery access (issue #4): the gallery login, visitor isolation, favorites, downloads, notifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookieOf, setCookies, type TestApp, withTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin, type StudioSession } from '../helpers/gallery.ts';
import { withoutRequestId } from '../helpers/http.ts';

const PASSWORD = 'open sesame';

interface Fixture {
  s: StudioSession;
  collection: { id: string; slug: string };
  gallery: { id: string };
  privateGallery: { id: string };
  photo: { id: string };
  hidden: { id: string };
}

async function fixture(t: TestApp, body: Record<string, unknown> = {}): Promise<Fixture> {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { password: PASSWORD, downloadable: 'web-size', ...body });
  const gallery = await createGallery(t, s, collection.id, { name: 'Public' });
  const privateGallery = await createGallery(t, s, collection.id, { name: 'Proofs', private: true });
  const photo = await uploadOne(t, s, gallery.id, await sampleJpeg(), 'kiss.jpg');
  const hidden = await uploadOne(t, s, privateGallery.id, await sampleJpeg({ color: '#000' }), 'hidden.jpg');
  return { s, collection, gallery, privateGallery, photo, hidden };
}

function vget(t: TestApp, cookie: string, url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers: { cookie, ...headers } });
}

test('the login form, and login by slug or id with the collection password', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const form = await t.app.inject({ method: 'GET', url: `/galleries/login?collection=${f.collection.slug}` });
  assert.equal(form.statusCode, 200);
  assert.match(String(form.headers['content-type']), /^text\/html/);
  assert.ok(form.body.includes(`value="${f.collection.slug}"`));

  const res = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'Guest@Example.com', collection: f.collection.slug, password: PASSWORD } });
  assert.equal(res.statusCode, 201);
  const session = cookieOf(res, 'gallery_session');
  assert.ok(session && session.value.length === 43);
  assert.equal(session.attributes.httponly, true);
  assert.equal(session.attributes.samesite, 'Lax');
  assert.equal(cookieOf(res, 'gallery_csrftoken')?.value, res.json().data.csrf_token);
  assert.equal(cookieOf(res, 'sessionid'), undefined, 'no studio session');
  assert.equal(res.json().data.collection.id, f.collection.id);
  assert.equal(res.json().data.collection.gallery_count, 1, 'private galleries are not counted');
  assert.equal(res.json().data.collection.photo_count, 1);
  const rows = await t.store.visitorSessions.findVisitorSession(session.value);
  assert.equal(rows, null, 'the token itself is never stored');

  assert.equal((await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'guest@example.com', collection: f.collection.id, password: PASSWORD } })).statusCode, 201);

  const browser = await t.app.inject({
    method: 'POST', url: '/galleries/login', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: `email=guest%40example.com&collection=${f.collection.slug}&password=open+sesame`,
  });
  assert.equal(browser.statusCode, 303);
  assert.equal(browser.headers.location, `/galleries/${f.collection.slug}`);
  const page = await vget(t, `gallery_session=${cookieOf(browser, 'gallery_session')?.value}`, `/galleries/${f.collection.slug}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`/api/v1/gallery/photos/${f.photo.id}/thumbnail`));
  assert.ok(!page.body.includes(f.hidden.id));

  const crossSite = await t.app.inject({ method: 'POST', url: '/galleries/login', headers: { origin: 'https://evil.test' }, payload: { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD } });
  assert.equal(crossSite.statusCode, 403);
}));

test('wrong password, unknown collection, missing password and an email off the access list fail alike', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { client_emails: ['anna@example.com'] });
  const attempts = [
    { email: 'anna@example.com', collection: f.collection.slug, password: 'wrong' },
    { email: 'anna@example.com', collection: f.collection.slug },
    { email: 'anna@example.com', collection: 'no-such-collection-abc', password: PASSWORD },
    { email: 'anna@example.com', collection: 'co_AAAAAAAAAAAAAAAAAAAAAA', password: PASSWORD },
    { email: 'mallory@example.com', collection: f.collection.slug, password: PASSWORD },
  ];
  const bodies = [];
  for (const payload of attempts) {
    const res = await t.app.inject({ method: 'POST', url: '/galleries/login', payload });
    assert.equal(res.statusCode, 401, JSON.stringify(payload));
    assert.equal(cookieOf(res, 'gallery_session'), undefined);
    bodies.push(withoutRequestId(res.json()) as { code?: string });
  }
  for (const b of bodies) assert.deepEqual(b, bodies[0]);
  assert.equal(bodies[0]?.code, 'invalid_credentials');
  assert.equal((await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'ANNA@example.com', collection: f.collection.slug, password: PASSWORD } })).statusCode, 201);
  assert.equal((await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'not an email', collection: f.collection.slug, password: PASSWORD } })).statusCode, 422);
}));

test('wrong collection passwords are throttled per collection and email, like logins', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const attempt = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email, collection: f.collection.slug, password } });
  for (let i = 0; i < 5; i++) assert.equal((await attempt('guest@example.com', `wrong-${i}`)).statusCode, 401);
  const locked = await attempt('guest@example.com', 'wrong-again');
  assert.equal(locked.statusCode, 429);
  assert.ok(Number(locked.headers['retry-after']) >= 1);
  assert.equal((await attempt('Guest@Example.com', PASSWORD)).statusCode, 429, 'even the right password waits');
  t.clock.advance(3600);
  assert.equal((await attempt('guest@example.com', PASSWORD)).statusCode, 201);
}));

test('expired collections refuse new logins and existing visitor sessions with a clear message', () => withTestApp({}, async (t) => {
  const f = await fixture(t, { expiry_date: '2026-01-10' });
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await vget(t, v.cookie, '/api/v1/gallery/collection')).statusCode, 200);
  t.clock.advance(10 * 86_400);
  const res = await vget(t, v.cookie, '/api/v1/gallery/collection');
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().code, 'collection_expired');
  const login = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD } });
  assert.equal(login.statusCode, 403);
  assert.match(login.json().message, /expired/);
  const wrong = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: 'guest@example.com', collection: f.collection.slug, password: 'nope' } });
  assert.equal(wrong.statusCode, 401, 'expiry is only revealed after the password');
}));

test('a visitor sees only public galleries of their collection; downloads follow the collection setting', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });
  const galleries = await vget(t, v.cookie, '/api/v1/gallery/galleries');
  assert.deepEqual(galleries.json().data.map((g: { id: string }) => g.id), [f.gallery.id]);
  const photos = await vget(t, v.cookie, `/api/v1/gallery/galleries/${f.gallery.id}/photos`);
  assert.equal(photos.json().meta.total, 1);
  assert.equal(photos.json().data[0].original_url, null, 'web-size collections hide originals');
  assert.equal(photos.json().data[0].favorite, false);
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/galleries/${f.privateGallery.id}/photos`)).statusCode, 404);
  for (const path of ['', '/thumbnail', '/web']) {
    assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}${path}`)).statusCode, 200, path);
    assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.hidden.id}${path}`)).statusCode, 404, `private ${path}`);
  }
  const thumb = await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/thumbnail`);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/thumbnail`, { 'if-none-match': String(thumb.headers.etag) })).statusCode, 304);

  const original = await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/original`);
  assert.equal(original.statusCode, 403);
  assert.equal(original.json().code, 'download_not_allowed');
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/download?size=original`)).statusCode, 403);
  const web = await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/download`);
  assert.equal(web.statusCode, 200);
  assert.match(String(web.headers['content-disposition']), /^attachment; filename="kiss-web\.jpg"/);

  await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { downloadable: 'original' } });
  const full = await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/original`);
  assert.equal(full.statusCode, 200);
  const piece = await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/original`, { range: 'bytes=10-19' });
  assert.equal((await t.app.inject({ method: 'HEAD', url: `/api/v1/gallery/photos/${f.photo.id}/original`, headers: { cookie: v.cookie } })).statusCode, 200);
  assert.equal(piece.statusCode, 206);
  await t.app.inject({ method: 'PATCH', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers, payload: { downloadable: 'none' } });
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/download`)).statusCode, 403);

  const downloads = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}/downloads`, headers: { cookie: f.s.cookie } });
  const recorded = downloads.json().data.map((d: { email: string; photo_id: string; size: string }) => [d.email, d.photo_id, d.size]).sort((a: string[], b: string[]) => (a[2] ?? '').localeCompare(b[2] ?? ''));
  assert.deepEqual(recorded, [['guest@example.com', f.photo.id, 'original'], ['guest@example.com', f.photo.id, 'web-size']], 'range continuations and HEAD requests are not extra downloads');
  assert.ok(downloads.json().data.every((d: { bytes: number; created_at: string }) => d.bytes > 0 && d.created_at));
}));

test('favorites need the visitor CSRF token; the studio lists favorites, visitors and notifications', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });
  const fav = (headers: Record<string, string>, photoId = f.photo.id) => t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers, payload: { photo_id: photoId } });
  assert.equal((await fav({ cookie: v.cookie })).statusCode, 403, 'no CSRF token');
  assert.equal((await fav({ cookie: v.cookie, 'x-csrf-token': f.s.csrf })).statusCode, 403, 'a studio CSRF token is not the visitor\'s');
  assert.equal((await fav({ ...v.headers, origin: 'https://evil.test' })).statusCode, 403);
  assert.equal((await fav(v.headers)).statusCode, 201);
  assert.equal((await fav({ cookie: v.cookie, 'x-csrftoken': v.csrf })).statusCode, 200, 'already a favorite');
  assert.equal((await fav(v.headers, f.hidden.id)).statusCode, 404);
  assert.equal((await fav(v.headers, 'ga_AAAAAAAAAAAAAAAAAAAAAA')).statusCode, 400);

  const mine = await vget(t, v.cookie, '/api/v1/gallery/favorites');
  assert.deepEqual(mine.json().data.map((p: { id: string; favorite: boolean }) => [p.id, p.favorite]), [[f.photo.id, true]]);
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}`)).json().data.favorite, true);

  const other = await visitorLogin(t, { email: 'other@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.deepEqual((await vget(t, other.cookie, '/api/v1/gallery/favorites')).json().data, [], 'favorites are per visitor');

  const studio = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}/favorites`, headers: { cookie: f.s.cookie } });
  assert.deepEqual(studio.json().data.map((x: { email: string; photo_id: string }) => [x.email, x.photo_id]), [['guest@example.com', f.photo.id]]);
  const visitors = await t.app.inject({ method: 'GET', url: `/api/v1/collections/${f.collection.id}/visitor_emails`, headers: { cookie: f.s.cookie } });
  assert.deepEqual(visitors.json().data.map((x: { email: string }) => x.email).sort(), ['guest@example.com', 'other@example.com']);

  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/gallery/favorites/${f.photo.id}`, headers: { cookie: v.cookie } })).statusCode, 403);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/gallery/favorites/${f.photo.id}`, headers: v.headers })).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/gallery/favorites/${f.photo.id}`, headers: v.headers })).statusCode, 204);
  assert.deepEqual((await vget(t, v.cookie, '/api/v1/gallery/favorites')).json().data, []);

  await vget(t, v.cookie, `/api/v1/gallery/photos/${f.photo.id}/download`);
  const notes = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/all', headers: { cookie: f.s.cookie } });
  const kinds = notes.json().data.map((n: { kind: string }) => n.kind).sort();
  assert.deepEqual(kinds, ['collection_viewed', 'collection_viewed', 'photo_downloaded', 'photo_favorited']);
}));

test('visitor isolation: never the Studio API, never another collection', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const y = await createCollection(t, f.s, { name: 'Collection Y' });
  const yGallery = await createGallery(t, f.s, y.id);
  const yPhoto = await uploadOne(t, f.s, yGallery.id);
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });

  for (const url of ['/api/v1/collections', `/api/v1/collections/${f.collection.id}`, `/api/v1/photos/${f.photo.id}/original`, `/api/v1/galleries/${f.gallery.id}`, '/api/v1/notifications/all', '/api/auth/me']) {
    const res = await vget(t, v.cookie, url);
    assert.equal(res.statusCode, 403, url);
    assert.equal(res.json().code, 'visitor_forbidden');
  }
  const write = await t.app.inject({ method: 'POST', url: '/api/v1/collections', headers: v.headers, payload: { name: 'x' } });
  assert.equal(write.statusCode, 403);
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${yPhoto.id}`)).statusCode, 404);
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/photos/${yPhoto.id}/web`)).statusCode, 404);
  assert.equal((await vget(t, v.cookie, `/api/v1/gallery/galleries/${yGallery.id}/photos`)).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers: v.headers, payload: { photo_id: yPhoto.id } })).statusCode, 404);

  // Studio credentials are not visitor credentials, and another studio cannot see the collection at all.
  assert.equal((await vget(t, f.s.cookie, '/api/v1/gallery/collection')).statusCode, 401);
  const stranger = await studioSession(t);
  assert.equal((await vget(t, stranger.cookie, `/api/v1/collections/${f.collection.id}`)).statusCode, 404);
  assert.equal((await vget(t, stranger.cookie, `/api/v1/photos/${f.photo.id}/web`)).statusCode, 404);
  assert.equal((await vget(t, 'gallery_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/api/v1/gallery/collection')).statusCode, 401);
  assert.equal((await vget(t, `${v.cookie}; gallery_session=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB`, '/api/v1/gallery/collection')).statusCode, 400, 'two visitor cookies are ambiguous');
}));

test('logout ends the visitor session; deleting the collection ends it too', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await t.app.inject({ method: 'POST', url: '/galleries/logout', headers: { cookie: v.cookie } })).statusCode, 403);
  const out = await t.app.inject({ method: 'POST', url: '/galleries/logout', headers: v.headers });
  assert.equal(out.statusCode, 200);
  assert.deepEqual(setCookies(out).filter((c) => c.name === 'gallery_session').map((c) => c.attributes['max-age']), ['0'], 'the clearing cookie replaces the renewal');
  assert.equal((await vget(t, v.cookie, '/api/v1/gallery/collection')).statusCode, 401);

  const again = await visitorLogin(t, { email: 'guest@example.com', collection: f.collection.slug, password: PASSWORD });
  assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/collections/${f.collection.id}`, headers: f.s.headers })).statusCode, 204);
  assert.equal((await vget(t, again.cookie, '/api/v1/gallery/collection')).statusCode, 401);
}));
