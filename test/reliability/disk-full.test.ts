// A full photo disk answers 507 with its own code, leaves no partial file, shows in /readyz (issue #22, defect 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createDeps, openStores } from '../../src/main.ts';
import { buildApp } from '../../src/app.ts';
import { FakeClock } from '../helpers/clock.ts';
import { LogCapture, type TestApp } from '../helpers/app.ts';
import { createCollection, createGallery, storedFiles, studioSession, upload} from '../helpers/gallery.ts';
import { randomBytes } from 'node:crypto';

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-full-'));
mkdirSync(join(dataDir, 'photos'));
const mounted = tryMount(join(dataDir, 'photos'));

test('issue #22: an upload to a full disk is 507 insufficient_storage, logged once, no partial file, /readyz says full', { skip: mounted ? false : 'needs root to mount a 1 MiB tmpfs as the photo storage' }, async () => {
  const config = loadConfig({}, { overrides: { dataDir, log: { level: 'info' } }, cwd: dataDir });
  const store = await openStores(config);
  const logs = new LogCapture();
  const clock = new FakeClock();
  const deps = await createDeps(config, store, { clock, logStream: logs });
  const app = await buildApp(deps);
  const t = { app, deps, store, logs, config, dataDir, clock } as unknown as TestApp;
  try {
    const s = await studioSession(t);
    const collection = await createCollection(t, s);
    const gallery = await createGallery(t, s, collection.id);
    const big = randomBytes(2 * 1024 * 1024); // more than the disk holds; its content never matters
    for (let i = 0; i < 3; i++) {
      const res = await upload(t, s, gallery.id, [{ filename: 'big.jpg', content: big }]);
      assert.equal(res.statusCode, 507, res.body);
      assert.equal(res.json().code, 'insufficient_storage');
    }
    assert.deepEqual(storedFiles(t), [], 'no partial file stays');
    assert.equal(logs.records().filter((r) => r.level === 50 && /storage is full/.test(String(r.msg))).length, 1, 'logged once');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().storage, 'full');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    assert.equal(me.statusCode, 200, 'reads keep working');
  } finally {
    await app.close();
    await store.close();
    execFileSync('umount', [join(dataDir, 'photos')]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
