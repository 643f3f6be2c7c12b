// `--demo` seeds a password-protected collection with two galleries of generated photos (issue #4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp } from '../helpers/app.ts';
import { visitorLogin } from '../helpers/gallery.ts';
import { seedDemo } from '../../src/demo.ts';
import { createCollection } from '../../src/api/collections/service.ts';

test('the demo collection opens with the printed password and holds two galleries of photos', async () => {
  const t = await buildTestApp();
  try {
    const first = await seedDemo(t.deps);
    assert.ok(first.gallery);
    // More newer collections than a first page holds: the next start still finds the demo one by its name.
    const demoCollection = await t.deps.store.collections.findCollectionByIdOrSlug(first.gallery.slug);
    assert.ok(demoCollection);
    for (let i = 0; i < 120; i++) {
      t.clock.advance(1);
      await createCollection(t.deps, demoCollection.studioId, { name: `Wedding ${i}` });
    }
    const again = await seedDemo(t.deps);
    assert.equal(again.gallery?.slug, first.gallery.slug, 'seeding twice keeps one collection');
    const named = (await t.deps.store.collections.listCollectionIndex(demoCollection.studioId)).filter((c) => c.name === demoCollection.name);
    assert.equal(named.length, 1, 'no second demo collection');
    assert.notEqual(again.gallery?.password, first.gallery.password, 'each start prints a fresh password');
    await assert.rejects(visitorLogin(t, { email: 'guest@example.com', collection: first.gallery.slug, password: first.gallery.password }));
    const v = await visitorLogin(t, { email: 'guest@example.com', collection: first.gallery.slug, password: again.gallery?.password ?? '' });
    const collection = await t.app.inject({ method: 'GET', url: '/api/v1/gallery/collection', headers: { cookie: v.cookie } });
    assert.equal(collection.json().data.gallery_count, 2);
    assert.ok(collection.json().data.photo_count >= 4);
    assert.ok(collection.json().data.cover_photo);
    const galleries = await t.app.inject({ method: 'GET', url: '/api/v1/gallery/galleries', headers: { cookie: v.cookie } });
    const gallery = galleries.json().data[0];
    const photos = await t.app.inject({ method: 'GET', url: `/api/v1/gallery/galleries/${gallery.id}/photos`, headers: { cookie: v.cookie } });
    const web = await t.app.inject({ method: 'GET', url: photos.json().data[0].web_url, headers: { cookie: v.cookie } });
    assert.equal(web.statusCode, 200);
    assert.equal(web.headers['content-type'], 'image/jpeg');
  } finally {
    await t.close();
  }
});
