// issue #19: two Lightbox processes with nothing on disk in common (each its own data folder) share PostgreSQL,
// Redis and an S3 bucket (s3rver): a photo uploaded through one is served by the other, and deleted through the
// other it is gone from the bucket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createTestDatabase, postgresSkip, type TestDatabase } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { startInstance, type LightboxInstance } from '../helpers/lightbox-instances.ts';
import { startTestBucket, type TestBucket } from '../helpers/s3.ts';
import { multipartBody } from '../helpers/gallery.ts';

const skip = (await postgresSkip('the S3 two-instance test')) || (await redisSkip('the S3 two-instance test'));

let database: TestDatabase;
let bucket: TestBucket;
let prefix: string;
const dataDirs: string[] = [];
let a: LightboxInstance;
let b: LightboxInstance;

before(async () => {
  if (skip) return;
  database = await createTestDatabase();
  bucket = await startTestBucket({ prefix: 'shared/' });
  prefix = testPrefix();
  const env = {
    LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: REDIS_TEST_URL, LIGHTBOX_REDIS_PREFIX: prefix,
    LIGHTBOX_LOG_LEVEL: 'warn', ...bucket.env,
  };
  for (let i = 0; i < 2; i++) dataDirs.push(mkdtempSync(join(tmpdir(), `lightbox-s3-instance-${i}-`)));
  a = await startInstance(dataDirs[0]!, env, { demo: true });
  b = await startInstance(dataDirs[1]!, env);
});

after(async () => {
  if (skip) return;
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await deleteKeys(prefix);
  await bucket?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

test('a photo uploaded through one instance is served and deleted by the other, from the shared bucket', { skip }, async () => {
  const { email, password } = a.demo as { email: string; password: string };
  const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, mode: 'token' }) });
  assert.equal(login.status, 200);
  const token = { 'x-auth-token': ((await login.json()) as { token: string }).token };
  const json = { ...token, 'content-type': 'application/json' };
  const collection = await fetch(`${a.url}/api/v1/collections`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Two machines' }) });
  const collectionId = ((await collection.json()) as { data: { id: string } }).data.id;
  const gallery = await fetch(`${b.url}/api/v1/collections/${collectionId}/galleries`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Set' }) });
  const galleryId = ((await gallery.json()) as { data: { id: string } }).data.id;
  const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#245' } }).jpeg().toBuffer();
  const body = multipartBody([{ filename: 'shared.jpg', content: jpeg }]);
  const uploaded = await fetch(`${a.url}/api/v1/galleries/${galleryId}/photos`, { method: 'POST', headers: { ...token, 'content-type': body.contentType }, body: body.payload });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const photoId = ((await uploaded.json()) as { data: Array<{ id: string }> }).data[0]!.id;
  assert.ok((await bucket.keys()).some((k) => k.startsWith('shared/') && k.includes(photoId)), 'the files went to the bucket');

  const original = await fetch(`${b.url}/api/v1/photos/${photoId}/original`, { headers: token });
  assert.equal(original.status, 200);
  assert.deepEqual(Buffer.from(await original.arrayBuffer()), jpeg, 'the other instance, with an empty data folder, serves it');
  const web = await fetch(`${b.url}/api/v1/photos/${photoId}/web`, { headers: token });
  assert.equal(web.status, 200);
  assert.equal(web.headers.get('content-type'), 'image/jpeg');
  await web.arrayBuffer();

  const removed = await fetch(`${b.url}/api/v1/photos/${photoId}`, { method: 'DELETE', headers: token });
  assert.equal(removed.status, 204);
  assert.deepEqual((await bucket.keys()).filter((k) => k.includes(photoId)), []);
  const gone = await fetch(`${a.url}/api/v1/photos/${photoId}/original`, { headers: token });
  assert.equal(gone.status, 404);
});
