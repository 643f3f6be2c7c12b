// issue #22, "The proof": SIGTERM to a real Lightbox process while uploads are in flight. Every request either
// finishes (201) or is refused cleanly (a 503 or a closed connection, never a 500), and the process exits within a
// bounded time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';
import { multipartBody, sampleJpeg } from '../helpers/gallery.ts';

test('SIGTERM during uploads: in-flight uploads finish or are refused cleanly, the process exits within 9 s', async () => {
  const p = await startLightboxProcess({ demo: true });
  let stopped = false;
  try {
    const demo = p.demo!;
    const login = await fetch(`${p.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demo.email, password: demo.password, mode: 'token' }) });
    assert.equal(login.status, 200);
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const post = async (path: string, body: unknown) => (await (await fetch(`${p.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { data: { id: string } };
    const collection = await post('/api/v1/collections', { name: 'Sigterm' });
    const gallery = await post(`/api/v1/collections/${collection.data.id}/galleries`, { name: 'Uploads' });
    const jpeg = await sampleJpeg({ width: 800, height: 600 });
    const uploadOnce = async (): Promise<string> => {
      const body = multipartBody([{ filename: 'p.jpg', content: jpeg }]);
      try {
        const res = await fetch(`${p.url}/api/v1/galleries/${gallery.data.id}/photos`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.payload });
        await res.text();
        return String(res.status);
      } catch {
        return 'closed';
      }
    };
    const inFlight = Array.from({ length: 12 }, () => uploadOnce());
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    const stopping = p.stop();
    const outcomes = await Promise.all(inFlight);
    await stopping;
    stopped = true;
    const took = Date.now() - started;
    console.log(`# sigterm: exit after ${took} ms; outcomes ${outcomes.join(',')}`);
    for (const o of outcomes) assert.ok(['201', '503', 'closed'].includes(o), `an upload ended with ${o}: ${outcomes.join(',')}`);
    assert.ok(took < 9_000, `exit took ${took} ms (the helper SIGKILLs at 10 s)`);
    assert.ok(!p.output.some((l) => /"level":50|internal_error/.test(l)), 'an error was logged during shutdown');
  } finally {
    if (!stopped) await p.stop();
  }
});
