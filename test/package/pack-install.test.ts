// The packed package installs without dev dependencies and runs with no TypeScript at run time (issue #21).
// Slow (npm pack + npm install): run by `npm run test:package`, not `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryBytes, packAndInstall, timeRun, timeToReady } from '../helpers/packed.ts';

test('npm pack → install --omit=dev → --version, serve to /readyz, size under 120 MB', { timeout: 300_000 }, async (t) => {
  const packed = packAndInstall();
  t.after(() => packed.remove());
  const modules = join(packed.dir, 'node_modules');
  for (const devOnly of ['tsx', 'typescript', 'redoc', 'esbuild']) {
    assert.equal(existsSync(join(modules, devOnly)), false, `${devOnly} is installed, but it is a dev dependency`);
  }
  const shipped = join(modules, 'lightbox');
  assert.equal(existsSync(join(shipped, 'src')), false, 'the sources are not shipped');
  assert.equal(existsSync(join(shipped, 'dist', 'assets', 'redoc.standalone.js')), true, "Redoc's bundle is a built asset");

  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.equal(timeRun(packed.bin, ['--version']).stdout, `${pkg.version}\n`);
  assert.match(timeRun(packed.bin, ['--help']).stdout, /Usage: lightbox/);

  const ready = await timeToReady(packed.bin, join(packed.dir, 'data'));
  assert.deepEqual(ready.status, { status: 'ready', storage: 'ok' });

  const mb = directoryBytes(modules) / 1e6;
  t.diagnostic(`installed size ${mb.toFixed(1)} MB, start to /readyz ${ready.ms.toFixed(0)} ms`);
  assert.ok(mb < 120, `installed size ${mb.toFixed(1)} MB, target < 120 MB`);
});
