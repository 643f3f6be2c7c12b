// Two Lightbox processes on one PostgreSQL and one photo folder start together with photos to backfill (made before
// the medium and WebP sizes): between them they render each photo once, each claimed by one instance, none thrown
// away at the compare-and-set (migration 0023's render claims).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { createTestDatabase, postgresSkip, type TestDatabase } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { startInstance, type LightboxInstance } from '../helpers/lightbox-instances.ts';
import { multipartBody } from '../helpers/gallery.ts';

const skip = (await postgresSkip('the render-claims test')) || (await redisSkip('the render-claims test'));
const PHOTOS = 8;

let database: TestDatabase;
let prefix: string;
let dataDir: string;
const running: LightboxInstance[] = [];

before(async () => {
  if (skip) return;
  database = await createTestDatabase();
  prefix = testPrefix();
  dataDir = mkdtempSync(join(tmpdir(), 'lightbox-render-claims-'));
});

after(async () => {
  if (skip) return;
  await Promise.all(running.map((i) => i.stop()));
  await database?.drop();
  await deleteKeys(prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The render passes an instance logged: what they rendered and what they threw away. */
function passes(instance: LightboxInstance): Array<{ rendered: number; superseded: number; skipped: number }> {
  return instance.output.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const entry = JSON.parse(line) as { msg?: string; rendered?: number; superseded?: number; skipped?: number };
      return entry.msg === 'photos rendered again' ? [{ rendered: entry.rendered ?? 0, superseded: entry.superseded ?? 0, skipped: entry.skipped ?? 0 }] : [];
    } catch {
      return [];
    }
  });
}

test('two instances starting together split the backfill: each photo rendered once, nothing thrown away', { skip, timeout: 180_000 }, async () => {
  const env = {
    LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: REDIS_TEST_URL, LIGHTBOX_REDIS_PREFIX: prefix,
    LIGHTBOX_LOG_LEVEL: 'info', LIGHTBOX_LOG_FORMAT: 'json',
  };
  const first = await startInstance(dataDir, env, { demo: true });
  running.push(first);
  const { email, password } = first.demo as { email: string; password: string };
  const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, mode: 'token' }) });
  const token = { 'x-auth-token': ((await login.json()) as { token: string }).token };
  const json = { ...token, 'content-type': 'application/json' };
  const collection = await fetch(`${first.url}/api/v1/collections`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Backfill' }) });
  const collectionId = ((await collection.json()) as { data: { id: string } }).data.id;
  const gallery = await fetch(`${first.url}/api/v1/collections/${collectionId}/galleries`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Set' }) });
  const galleryId = ((await gallery.json()) as { data: { id: string } }).data.id;
  const files = await Promise.all(Array.from({ length: PHOTOS }, async (_, i) => ({
    filename: `IMG_${i}.jpg`, content: await sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 20 * i, g: 90, b: 160 } } }).jpeg().toBuffer(),
  })));
  const body = multipartBody(files);
  const uploaded = await fetch(`${first.url}/api/v1/galleries/${galleryId}/photos`, { method: 'POST', headers: { ...token, 'content-type': body.contentType }, body: body.payload });
  assert.equal(uploaded.status, 201, await uploaded.text());
  await first.stop();
  running.length = 0;

  // As a version before the medium size stored them: the backfill at start renders them again.
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const marked = await db.query('update photos set medium_size = null where collection_id = $1', [collectionId]);
    assert.equal(marked.rowCount, PHOTOS);
    const both = await Promise.all([startInstance(dataDir, env), startInstance(dataDir, env)]);
    running.push(...both);
    const deadline = Date.now() + 120_000;
    const rendered = (): number => both.flatMap(passes).reduce((n, p) => n + p.rendered, 0);
    while (rendered() < PHOTOS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const left = await db.query('select count(*)::int as n from photos where medium_size is null');
    assert.equal(left.rows[0].n, 0, 'every photo has its medium size again');
    const [a, b] = both.map(passes) as [ReturnType<typeof passes>, ReturnType<typeof passes>];
    const sum = (list: ReturnType<typeof passes>, key: 'rendered' | 'superseded'): number => list.reduce((n, p) => n + p[key], 0);
    assert.equal(sum(a, 'rendered') + sum(b, 'rendered'), PHOTOS, `each photo rendered once between them (${sum(a, 'rendered')} + ${sum(b, 'rendered')})`);
    assert.equal(sum(a, 'superseded') + sum(b, 'superseded'), 0, 'no render thrown away');
    const claims = await db.query('select count(*)::int as n from photos where render_claimed_until is not null');
    assert.equal(claims.rows[0].n, 0, 'no claim is left once the new sets are named');
  } finally {
    await db.end();
  }
});
