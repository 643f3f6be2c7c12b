// issue #18: the SDK's watermark and image-size methods against a live server: the logo uploaded, read back and
// removed, a refused logo as a LightboxError with its code, the watermark settings through update(), and the medium
// size through photos.blob and the gallery client's image().
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createClient, createGalleryClient, LightboxError, type LightboxClient } from '../../src/client/index.ts';
import { createUser } from '../helpers/app.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

let s: LiveServer;
let client: LightboxClient;
before(async () => {
  s = await startLiveServer();
  const owner = await createUser(s, { studio: 'Watermark SDK Studio' });
  client = createClient({ baseUrl: s.url, auth: { type: 'session', email: owner.email, password: owner.password } });
});
after(() => s.close());

test('the SDK uploads, reads and removes a watermark logo, sets the watermark, and fetches the medium size', async () => {
  const collection = await client.collections.create({ name: 'SDK watermark', watermark: { mode: 'text', text: 'Proof', position: 'tiled', opacity: 0.3, scale: 0.2 } });
  assert.deepEqual([collection.watermark.mode, collection.watermark.position, collection.watermark_render], ['text', 'tiled', { done: 0, total: 0 }]);
  await assert.rejects(client.collections.uploadWatermarkLogo(collection.id, { filename: 'logo.png', data: new TextEncoder().encode('not an image') }),
    (err: unknown) => err instanceof LightboxError && err.status === 422 && err.code === 'invalid_watermark_logo');
  const png = await sharp({ create: { width: 90, height: 30, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } } }).png().toBuffer();
  const withLogo = await client.collections.uploadWatermarkLogo(collection.id, { filename: 'logo.png', data: new Uint8Array(png) });
  assert.deepEqual([withLogo.watermark.mode, withLogo.watermark.logo?.width, withLogo.watermark.logo?.height], ['logo', 90, 30]);
  const blob = await client.collections.watermarkLogo(collection.id);
  assert.equal(blob.type, 'image/png');
  assert.equal((await sharp(Buffer.from(await blob.arrayBuffer())).metadata()).width, 90);
  const updated = await client.collections.update(collection.id, { watermark: { opacity: 0.8 } });
  assert.deepEqual([updated.watermark.mode, updated.watermark.opacity], ['logo', 0.8]);
  const removed = await client.collections.deleteWatermarkLogo(collection.id);
  assert.deepEqual([removed.watermark.mode, removed.watermark.logo], ['off', null]);

  const gallery = await client.galleries.create(collection.id, { name: 'G' });
  const jpeg = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#446688' } }).jpeg().toBuffer();
  const [photo] = await client.photos.upload(gallery.id, [{ filename: 'p.jpg', data: new Uint8Array(jpeg) }]);
  assert.ok(photo);
  assert.deepEqual(photo.images.map((i) => i.width), [400, 1024, 2000]);
  const medium = await client.photos.blob(photo.id, { variant: 'medium' });
  assert.deepEqual([medium.type, (await sharp(Buffer.from(await medium.arrayBuffer())).metadata()).width], ['image/jpeg', 1024]);
  const visitor = createGalleryClient({ baseUrl: s.url, collection: collection.slug, email: 'guest@example.test' });
  const seen = await visitor.image(photo.id, { variant: 'medium' });
  assert.equal((await sharp(Buffer.from(await seen.arrayBuffer())).metadata()).width, 1024);
});
