// issue #5: the SDK against a live server: retries (429 + Retry-After, budget, none on 403/422), abort, pagination, errors, transfers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LightboxError, type LightboxClient } from '../../src/client/index.ts';
import { createUser, type TestUser } from '../helpers/app.ts';
import { sampleJpeg } from '../helpers/gallery.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

type Call = { method: string; path: string; status: number };

function recording(calls: Call[]): (input: string, init: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const res = await fetch(input, init);
    calls.push({ method: init.method ?? 'GET', path: new URL(input).pathname, status: res.status });
    return res;
  };
}

async function failLogin(s: LiveServer, email: string): Promise<void> {
  const res = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong wrong wrong wrong' }) });
  assert.equal(res.status, 401);
}

describe('SDK behaviour against a live server', () => {
  let s: LiveServer;
  let user: TestUser;
  let client: LightboxClient;
  let work: string;
  before(async () => {
    s = await startLiveServer({ loginThrottle: { freeFailures: 1 } });
    user = await createUser(s, { studio: 'Behaviour Studio' });
    client = createClient({ baseUrl: s.url, auth: { type: 'session', email: user.email, password: user.password } });
    work = mkdtempSync(join(tmpdir(), 'lightbox-sdk-'));
  });
  after(async () => {
    await s.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('429 with Retry-After is retried after the announced wait (login throttling)', async () => {
    const u = await createUser(s, { studio: 'Throttled' });
    await failLogin(s, u.email);
    const calls: Call[] = [];
    const waits: number[] = [];
    const throttled = createClient({
      baseUrl: s.url, fetch: recording(calls), auth: { type: 'token', email: u.email, password: u.password },
      // The server runs on a fake clock: waiting means moving it, not sleeping.
      retry: { sleep: async (ms) => { waits.push(ms); s.clock.advance(ms / 1000); } },
    });
    assert.equal((await throttled.me()).user.email, u.email);
    assert.deepEqual(calls.map((c) => `${c.path} ${c.status}`), ['/api/auth/login 429', '/api/auth/login 200', '/api/auth/me 200']);
    assert.equal(waits.length, 1);
    assert.ok((waits[0] ?? 0) >= 1000, `waited ${waits[0]} ms for Retry-After`);
  });

  test('a Retry-After beyond the retry budget fails at once with the 429 and its retryAfter', async () => {
    const u = await createUser(s, { studio: 'Budget' });
    await failLogin(s, u.email);
    const calls: Call[] = [];
    const impatient = createClient({ baseUrl: s.url, fetch: recording(calls), auth: { type: 'session', email: u.email, password: u.password }, retry: { budgetMs: 500, sleep: async () => assert.fail('no wait expected') } });
    await assert.rejects(impatient.me(), (err: unknown) => err instanceof LightboxError && err.status === 429 && err.code === 'too_many_attempts' && (err.retryAfter ?? 0) >= 1);
    assert.equal(calls.length, 1);
  });

  test('no retry on 403 or 422; LightboxError carries status, code, message and details', async () => {
    const calls: Call[] = [];
    const pat = await client.accessTokens.create({ name: 'read only', scopes: ['clients:read'] });
    const reader = createClient({ baseUrl: s.url, fetch: recording(calls), auth: { type: 'pat', token: pat.token ?? '' }, retry: { sleep: async () => assert.fail('no retry expected') } });
    const forbidden = await reader.clients.create({ email: 'x@example.test' }).catch((err: unknown) => err);
    assert.ok(forbidden instanceof LightboxError);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.code, 'insufficient_scope');
    assert.equal(typeof forbidden.message, 'string');

    const writer = createClient({ baseUrl: s.url, fetch: recording(calls), auth: { type: 'session', email: user.email, password: user.password }, retry: { sleep: async () => assert.fail('no retry expected') } });
    const invalid = await writer.clients.create({ email: 'not-an-email' }).catch((err: unknown) => err);
    assert.ok(invalid instanceof LightboxError);
    assert.equal(invalid.status, 422);
    assert.equal(invalid.code, 'validation_failed');
    assert.ok(invalid.details && 'email' in invalid.details, JSON.stringify(invalid.details));
    assert.deepEqual(calls.map((c) => c.status), [403, 201, 422]);

    const missing = await client.clients.get('cl_AAAAAAAAAAAAAAAAAAAAAA').catch((err: unknown) => err);
    assert.ok(missing instanceof LightboxError && missing.status === 404 && missing.code === 'not_found', String(missing));
  });

  test('an AbortSignal cancels a call, and a wait between retries', async () => {
    const aborted = AbortSignal.abort();
    await assert.rejects(client.me({ signal: aborted }), { name: 'AbortError' });

    const u = await createUser(s, { studio: 'Abort' });
    await failLogin(s, u.email);
    const waiting = createClient({ baseUrl: s.url, auth: { type: 'session', email: u.email, password: u.password } }); // real sleep: Retry-After ≥ 1 s
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(waiting.me({ signal: controller.signal }), { name: 'AbortError' });
    assert.ok(Date.now() - started < 900, 'aborted during the Retry-After wait, not after it');
  });

  test('the async iterator walks every page', async () => {
    const studio = await createUser(s, { studio: 'Many Clients' });
    const c = createClient({ baseUrl: s.url, auth: { type: 'session', email: studio.email, password: studio.password } });
    for (let i = 0; i < 7; i++) await c.clients.create({ email: `c${i}@example.test`, first_name: `C${i}` });
    const seen: string[] = [];
    for await (const item of c.clients.iterate({ per_page: 3 })) seen.push(item.email);
    assert.equal(seen.length, 7);
    assert.equal(new Set(seen).size, 7);
    const pages: number[] = [];
    for await (const page of c.clients.pages({ per_page: 3 })) pages.push(page.data.length);
    assert.deepEqual(pages, [3, 3, 1]);
    const filtered: string[] = [];
    for await (const item of c.clients.iterate({ per_page: 1, q: 'c3@' })) filtered.push(item.email);
    assert.deepEqual(filtered, ['c3@example.test']);
  });

  test('with `limit` the iterator follows meta.next_cursor: every item once, filters kept, no empty page at the end', async () => {
    const studio = await createUser(s, { studio: 'Cursor Clients' });
    const calls: Call[] = [];
    const c = createClient({ baseUrl: s.url, fetch: recording(calls), auth: { type: 'session', email: studio.email, password: studio.password } });
    // Created without moving the server's clock: equal times, ordered by id alone.
    for (let i = 0; i < 9; i++) await c.clients.create({ email: `k${i}@example.test`, type: i < 6 ? 'lead' : 'client' });
    const metas: unknown[] = [];
    const seen: string[] = [];
    for await (const page of c.clients.pages({ limit: 3 })) {
      metas.push(page.meta);
      seen.push(...page.data.map((x) => x.email));
    }
    assert.equal(seen.length, 9);
    assert.equal(new Set(seen).size, 9);
    assert.equal(metas.length, 3, 'three full pages, and the third says it is the last');
    assert.deepEqual(metas[2], { limit: 3, next_cursor: null });
    assert.equal(calls.filter((x) => x.method === 'GET' && x.path === '/api/v1/clients').length, 3, 'no request for an empty fourth page');
    const leads: string[] = [];
    for await (const item of c.clients.iterate({ limit: 4, types: 'lead' })) leads.push(item.email);
    assert.deepEqual([...leads].sort(), ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map((k) => `${k}@example.test`));
  });

  test('photos: streamed multipart upload with progress, single download, whole collection download that resumes', async () => {
    const collection = await client.collections.create({ name: 'SDK Wedding' });
    const gallery = await client.galleries.create(collection.id, { name: 'Ceremony' });
    const files = [join(work, 'one.jpg'), join(work, 'two.jpg')];
    writeFileSync(files[0] as string, await sampleJpeg({ color: '#112233' }));
    writeFileSync(files[1] as string, await sampleJpeg({ color: '#445566', width: 80 }));
    const total = files.reduce((n, f) => n + statSync(f).size, 0);
    const progress: number[] = [];
    const photos = await client.photos.upload(gallery.id, files.map((path) => ({ path })), { onProgress: (bytes) => progress.push(bytes) });
    assert.deepEqual(photos.map((p) => p.filename), ['one.jpg', 'two.jpg']);
    assert.equal(progress.at(-1), total);

    const single = join(work, 'single.jpg');
    const written = await client.photos.download(photos[0]?.id ?? '', single);
    assert.deepEqual(readFileSync(single), readFileSync(files[0] as string));
    assert.equal(written, statSync(single).size);

    const out = join(work, 'out');
    const first = await client.collections.download(collection.id, out);
    assert.deepEqual({ downloaded: first.downloaded, skipped: first.skipped, failed: first.failed.length }, { downloaded: 2, skipped: 0, failed: 0 });
    assert.deepEqual(readFileSync(join(out, 'Ceremony', 'two.jpg')), readFileSync(files[1] as string));
    const again = await client.collections.download(collection.id, out);
    assert.deepEqual({ downloaded: again.downloaded, skipped: again.skipped }, { downloaded: 0, skipped: 2 });
  });
});
