import { test } from 'node:test';
import sharp from 'sharp';
import { buildTestApp } from '../helpers/app.ts';
import { createCollection, createGallery, multipartBody, sampleJpeg, studioSession, upload } from '../helpers/gallery.ts';
const race = <T,>(p: Promise<T>) => Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
test('dbg', async () => {
  const t = await buildTestApp();
  const s = await studioSession(t);
  const c = await createCollection(t, s);
  const g = await createGallery(t, s, c.id);
  const cases: Array<[string, Buffer]> = [
    ['gif', await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer()],
    ['svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')],
  ];
  for (const [name, content] of cases) {
    const res = await race(upload(t, s, g.id, [{ filename: 'photo.jpg', content }]));
    console.log(name, res?.statusCode, res?.body);
  }
  let res = await race(upload(t, s, g.id, [{ filename: 'good.jpg', content: await sampleJpeg() }, { filename: 'bad.jpg', content: Buffer.from('nope') }]));
  console.log('mixed', res?.statusCode, res?.body);
  const none = multipartBody([], { note: 'no files' });
  res = await race(t.app.inject({ method: 'POST', url: `/api/v1/galleries/${g.id}/photos`, headers: { ...s.headers, 'content-type': none.contentType }, payload: none.payload }));
  console.log('none', res?.statusCode, res?.body);
  res = await race(t.app.inject({ method: 'POST', url: `/api/v1/galleries/${g.id}/photos`, headers: { ...s.headers, 'content-type': 'multipart/form-data; boundary=xyz' }, payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc' }));
  console.log('garbage', res?.statusCode, res?.body);
  await t.close();
});
