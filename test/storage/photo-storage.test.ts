// issue #19: both photo storage drivers keep one contract: the local directory and S3-compatible object storage
// (against s3rver, a real S3 API server from npm). Stage → commit → read (whole and by range) → park on delete → put
// back or discard → what a crash leaves for settlement.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalPhotoStorage } from '../../src/storage/local.ts';
import { S3PhotoStorage } from '../../src/storage/s3.ts';
import type { PhotoStorage } from '../../src/storage/types.ts';
import { startTestBucket, type TestBucket } from '../helpers/s3.ts';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function put(storage: PhotoStorage, key: string, content: Buffer): Promise<void> {
  const file = await storage.stage(key);
  await writeFile(file.path, content);
  await storage.commit(file, key);
}

interface Driver {
  name: string;
  open(): Promise<{ storage: PhotoStorage; reopen(): Promise<PhotoStorage>; objects(): Promise<string[]> }>;
}

let bucket: TestBucket;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-storage-'));
  dirs.push(dir);
  return dir;
};

const drivers: Driver[] = [
  {
    name: 'local directory',
    async open() {
      const root = tempDir();
      const make = async (): Promise<PhotoStorage> => {
        const s = new LocalPhotoStorage(root);
        await s.init();
        return s;
      };
      return { storage: await make(), reopen: make, objects: async () => [] };
    },
  },
  {
    name: 'S3 (s3rver)',
    async open() {
      const staging = tempDir();
      const make = async (): Promise<PhotoStorage> => {
        const s = new S3PhotoStorage(bucket.settings, staging);
        await s.init();
        return s;
      };
      return { storage: await make(), reopen: make, objects: () => bucket.keys() };
    },
  },
];

before(async () => {
  bucket = await startTestBucket({ prefix: 'install-a/' });
});
after(async () => {
  await bucket?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

for (const driver of drivers) {
  describe(`photo storage: ${driver.name}`, () => {
    test('a committed file reads back whole and by byte range; size; remove; a missing key', async () => {
      const { storage } = await driver.open();
      const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
      await put(storage, 'st_1/ph_contract/original', content);
      assert.equal(await storage.size('st_1/ph_contract/original'), content.length);
      assert.deepEqual(await bytesOf(storage.read('st_1/ph_contract/original')), content);
      assert.deepEqual(await bytesOf(storage.read('st_1/ph_contract/original', { start: 1000, end: 1999 })), content.subarray(1000, 2000));
      assert.equal(await storage.size('st_1/ph_nothing/original'), null);
      await assert.rejects(bytesOf(storage.read('st_1/ph_nothing/original')), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
      await storage.remove('st_1/ph_contract/original');
      assert.equal(await storage.size('st_1/ph_contract/original'), null);
      await storage.remove('st_1/ph_contract/original');
      await storage.close();
    });

    test('a key that could name a path outside storage is refused', async () => {
      const { storage } = await driver.open();
      for (const key of ['../etc/passwd', 'st_1/../../x', '/abs', 'st_1/./x', 'a b']) {
        await assert.rejects(storage.stage(key), /invalid storage key/, key);
        assert.throws(() => storage.read(key), /invalid storage key/, key);
      }
      await storage.close();
    });

    test('a deletion parks the file: put back, it is in place again; discarded, it is gone', async () => {
      const { storage, objects } = await driver.open();
      await put(storage, 'st_1/ph_park/web', Buffer.from('web copy'));
      const parked = await storage.unstage('st_1/ph_park/web');
      assert.ok(parked);
      assert.equal(parked.key, 'st_1/ph_park/web');
      assert.equal(await storage.size('st_1/ph_park/web'), null, 'out of place while parked');
      await storage.commit(parked, 'st_1/ph_park/web');
      assert.deepEqual(await bytesOf(storage.read('st_1/ph_park/web')), Buffer.from('web copy'));
      const again = await storage.unstage('st_1/ph_park/web');
      await again!.discard();
      assert.equal(await storage.size('st_1/ph_park/web'), null);
      assert.equal(await storage.unstage('st_1/ph_park/web'), null, 'nothing to park');
      assert.deepEqual((await objects()).filter((k) => k.includes('ph_park')), [], 'no object of it is left anywhere');
      await storage.close();
    });

    test('after a crash, leftovers lists staged uploads and parked files with their keys', async () => {
      const { storage, reopen } = await driver.open();
      const upload = await storage.stage('st_1/ph_crash/original');
      await writeFile(upload.path, 'half-done upload');
      const anonymous = await storage.stage();
      await put(storage, 'st_1/ph_gone/thumbnail', Buffer.from('thumb'));
      await storage.unstage('st_1/ph_gone/thumbnail');
      // A new process on the same storage (the crashed one never committed or discarded).
      const next = await reopen();
      const left = await next.leftovers();
      const keys = left.map((f) => f.key ?? null).sort((x, y) => String(x).localeCompare(String(y)));
      assert.deepEqual(keys, [null, 'st_1/ph_crash/original', 'st_1/ph_gone/thumbnail'].sort((x, y) => String(x).localeCompare(String(y))));
      // Settle: the upload whose row committed goes into place; the parked one (row deleted) and the anonymous go.
      for (const file of left) {
        if (file.key === 'st_1/ph_crash/original') await next.commit(file, file.key);
        else await file.discard();
      }
      assert.deepEqual(await bytesOf(next.read('st_1/ph_crash/original')), Buffer.from('half-done upload'));
      assert.equal(await next.size('st_1/ph_gone/thumbnail'), null);
      assert.deepEqual(await next.leftovers(), []);
      void anonymous;
      await storage.close();
      await next.close();
    });
  });
}

test('S3: every object sits under the configured prefix', async () => {
  const keys = await bucket.keys();
  assert.ok(keys.length > 0, 'the tests above left the settled upload');
  for (const key of keys) assert.ok(key.startsWith('install-a/'), key);
});
