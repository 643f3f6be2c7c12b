// issue #18: the client gallery page as the server renders it: its address, the strict CSP with no inline script or
// style, the tabs and tiles (ratios, srcset, dominant colours, hearts), another collection's address, and the assets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, sampleJpeg, studioSession, uploadOne, visitorLogin } from '../helpers/gallery.ts';
import { PAGE_CSP } from '../../src/http/plugins/security-headers.ts';

async function fixture(t: TestApp) {
  const s = await studioSession(t);
  const collection = await createCollection(t, s, { name: 'Anna & Ben', event_date: '2025-06-14', downloadable: 'web-size' });
  const ceremony = await createGallery(t, s, collection.id, { name: 'Ceremony' });
  const party = await createGallery(t, s, collection.id, { name: 'Party' });
  const proofs = await createGallery(t, s, collection.id, { name: 'Proofs', private: true });
  const wide = await uploadOne(t, s, ceremony.id, await sampleJpeg({ width: 1200, height: 600, color: '#c83232' }), 'wide.jpg');
  const tall = await uploadOne(t, s, party.id, await sampleJpeg({ width: 300, height: 600, color: '#3264c8' }), 'tall.jpg');
  const hidden = await uploadOne(t, s, proofs.id, await sampleJpeg(), 'hidden.jpg');
  const other = await createCollection(t, s, { name: 'Someone else' });
  return { s, collection, ceremony, party, wide, tall, hidden, other };
}

test('the gallery page: its own address, strict CSP, tabs, tiles with ratios, srcset, colours and hearts', () => withTestApp({}, async (t) => {
  const f = await fixture(t);
  const v = await visitorLogin(t, { email: 'anna@example.test', collection: f.collection.slug });
  await t.app.inject({ method: 'POST', url: '/api/v1/gallery/favorites', headers: v.headers, payload: { photo_id: f.tall.id } });

  const old = await t.app.inject({ method: 'GET', url: '/galleries/view', headers: { cookie: v.cookie } });
  assert.equal(old.statusCode, 303);
  assert.equal(old.headers.location, `/galleries/${f.collection.slug}`, 'the old address sends to the new one');

  const res = await t.app.inject({ method: 'GET', url: `/galleries/${f.collection.slug}`, headers: { cookie: v.cookie } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-security-policy'], PAGE_CSP);
  assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)/, 'no inline script');
  assert.doesNotMatch(res.body, /\sstyle=/, 'no style attribute');
  assert.match(res.body, /<script type="module" src="\/assets\/gallery\/gallery\.js\?v=[\w-]+"><\/script>/);
  assert.match(res.body, /<h1 class="cover-title">Anna &amp; Ben<\/h1>/);
  assert.match(res.body, /<time datetime="2025-06-14">14 June 2025<\/time>/);
  assert.match(res.body, new RegExp(`class="cover-img" src="/api/v1/gallery/photos/${f.wide.id}/web"`), 'no cover set: the first photo');
  const tabs = [...res.body.matchAll(/role="tab" id="tab-([^"]+)"[^>]*aria-selected="(true|false)"/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(tabs, [[f.ceremony.id, 'true'], [f.party.id, 'false'], ['favorites', 'false']], 'a tab per visible gallery, then Favorites');
  assert.ok(!res.body.includes(f.hidden.id), 'nothing of a private gallery');

  const wideTile = new RegExp(`data-id="${f.wide.id}"[^>]*data-w="1200" data-h="600" data-color="#c[0-9a-f]3[0-9a-f]3[0-9a-f]"`);
  assert.match(res.body, wideTile, 'ratio and dominant colour travel with the tile');
  assert.match(res.body, new RegExp(`srcset="/api/v1/gallery/photos/${f.wide.id}/thumbnail 400w, /api/v1/gallery/photos/${f.wide.id}/medium 1024w, /api/v1/gallery/photos/${f.wide.id}/web 1200w"`));
  const webp = (id: string, sizes: string[]): string => sizes.map((s) => `/api/v1/gallery/photos/${id}/${s}\\?format=webp \\d+w`).join(', ');
  assert.match(res.body, new RegExp(`<picture><source type="image/webp" srcset="${webp(f.wide.id, ['thumbnail', 'medium', 'web'])}" sizes="[^"]+"><img src="/api/v1/gallery/photos/${f.wide.id}/thumbnail"`), 'WebP for browsers that take it, in a <picture>');
  assert.match(res.body, new RegExp(`srcset="/api/v1/gallery/photos/${f.tall.id}/thumbnail 200w, /api/v1/gallery/photos/${f.tall.id}/web 300w"`));
  assert.match(res.body, /width="1200" height="600" alt="wide.jpg" loading="lazy"/);
  assert.match(res.body, new RegExp(`data-id="${f.tall.id}"[\\s\\S]*?class="heart" aria-pressed="true"`), 'the visitor\'s favorite is pressed');
  assert.match(res.body, new RegExp(`data-id="${f.wide.id}"[\\s\\S]*?class="heart" aria-pressed="false"`));
  assert.match(res.body, /<dialog id="viewer" class="viewer" aria-labelledby="viewer-title">/);

  // Another collection's address needs its own login: the form, with that collection filled in.
  const elsewhere = await t.app.inject({ method: 'GET', url: `/galleries/${f.other.slug}`, headers: { cookie: v.cookie, accept: 'text/html' } });
  assert.equal(elsewhere.statusCode, 401);
  assert.match(elsewhere.body, new RegExp(`name="collection"[^>]*value="${f.other.slug}"`));
  const anonymous = await t.app.inject({ method: 'GET', url: `/galleries/${f.collection.slug}?photo=${f.wide.id}`, headers: { accept: 'text/html' } });
  assert.equal(anonymous.statusCode, 401);
  assert.match(anonymous.body, /Log in to open your gallery/);

  // A shared link to one photo survives the login form: hidden field in, the same photo out.
  assert.match(anonymous.body, new RegExp(`<input type="hidden" name="photo" value="${f.wide.id}">`));
  const form = (photo: string): string => `email=bea%40example.test&collection=${f.collection.slug}&photo=${encodeURIComponent(photo)}`;
  const back = await t.app.inject({ method: 'POST', url: '/galleries/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form(f.wide.id) });
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, `/galleries/${f.collection.slug}?photo=${f.wide.id}`);
  const odd = await t.app.inject({ method: 'POST', url: '/galleries/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: form('//evil.test/x') });
  assert.equal(odd.headers.location, `/galleries/${f.collection.slug}`, 'anything but a photo id is dropped');
  const junk = await t.app.inject({ method: 'GET', url: `/galleries/${f.collection.slug}?photo=%22%3E%3Cscript%3E`, headers: { accept: 'text/html' } });
  assert.doesNotMatch(junk.body, /name="photo"/);
}));

test('the gallery assets: JavaScript modules and CSS with a validator, and nothing else', () => withTestApp({}, async (t) => {
  for (const [name, type] of [['gallery.js', /^text\/javascript/], ['viewer.js', /^text\/javascript/], ['gallery.css', /^text\/css/]] as const) {
    const res = await t.app.inject({ method: 'GET', url: `/assets/gallery/${name}` });
    assert.equal(res.statusCode, 200, name);
    assert.match(String(res.headers['content-type']), type);
    const again = await t.app.inject({ method: 'GET', url: `/assets/gallery/${name}`, headers: { 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);
  }
  const missing = await t.app.inject({ method: 'GET', url: '/assets/gallery/..%2F..%2Fconfig.ts' });
  assert.equal(missing.statusCode, 404);
}));
