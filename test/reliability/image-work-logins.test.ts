// issue #22, defect 5: image work must not starve logins. With the decode queue saturated by large uploads, login
// latency stays within a small multiple of its idle median (a ratio, not an absolute time), and the overflow of
// uploads is refused with 503 and Retry-After.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, multipartBody, sampleJpeg, studioSession } from '../helpers/gallery.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

test('defect 5: logins keep their latency while image decoding is saturated; overflow uploads get 503 + Retry-After', async () => {
  const t = await startLiveServer({ photos: { processingQueue: 4 } });
  try {
    const s = await studioSession(t, { studio: 'Starve' });
    const gallery = await createGallery(t, s, (await createCollection(t, s)).id);
    const user = await createUser(t, { studio: 'Starve logins' });
    const timedLogin = async (): Promise<number> => {
      const started = performance.now();
      const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: user.password, mode: 'token' }) });
      await res.text();
      assert.equal(res.status, 200);
      return performance.now() - started;
    };
    await timedLogin();
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push(await timedLogin());
    const jpeg = await sampleJpeg({ width: 3000, height: 2000 });
    const uploads = Array.from({ length: 12 }, async () => {
      const body = multipartBody([{ filename: 'big.jpg', content: jpeg }]);
      const res = await fetch(`${t.url}/api/v1/galleries/${gallery.id}/photos`, { method: 'POST', headers: { ...s.headers, 'content-type': body.contentType }, body: body.payload });
      await res.text();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    });
    await new Promise((r) => setTimeout(r, 200));
    const loaded: number[] = [];
    for (let i = 0; i < 5; i++) loaded.push(await timedLogin());
    const results = await Promise.all(uploads);
    const ratio = median(loaded) / median(idle);
    console.log(`# defect 5: idle login median ${median(idle).toFixed(0)} ms, loaded ${median(loaded).toFixed(0)} ms, ratio ${ratio.toFixed(2)}; uploads ${results.map((r) => r.status).join(',')}`);
    for (const r of results) {
      assert.ok(r.status === 201 || r.status === 503, `upload ${r.status}`);
      if (r.status === 503) assert.ok(Number(r.retryAfter) > 0, 'a 503 carries Retry-After');
    }
    assert.ok(results.some((r) => r.status === 503), 'the bounded queue overflowed: some uploads were refused');
    assert.ok(ratio <= 4, `logins slowed ${ratio.toFixed(2)}× while image work was saturated`);
  } finally {
    await t.close();
  }
});
