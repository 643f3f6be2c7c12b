// issue #21: @lightbox/client as its own package. Builds it with tsc, `npm pack`s it, installs the tarball offline into a
// temp project and uses it the way an outside consumer would: a plain Node `.mjs` script against a live Lightbox, and
// strict `tsc` with nodenext and bundler module resolution (zero errors).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createUser, type TestUser } from '../helpers/app.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const pkgDir = join(root, 'packages/client');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

describe('@lightbox/client consumed from its packed tarball', { timeout: 300_000 }, () => {
  let dir: string;
  let s: LiveServer;
  let user: TestUser;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lightbox-sdk-consumer-'));
    await run(process.execPath, [tsc, '-p', join(pkgDir, 'tsconfig.json')], { cwd: root });
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: pkgDir });
    const tarball = join(dir, stdout.trim().split('\n').pop()!);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: dir });
    s = await startLiveServer();
    user = await createUser(s, { studio: 'Consumer Studio' });
  });
  after(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the installed package has no runtime dependencies and ships .d.ts', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'node_modules/@lightbox/client/package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined);
    await readFile(join(dir, 'node_modules/@lightbox/client/dist/index.d.ts'), 'utf8');
  });

  test('a plain Node .mjs script logs in and calls the API', async () => {
    await writeFile(join(dir, 'use.mjs'), `
import { createClient, LightboxError } from '@lightbox/client';
const [url, email, password] = process.argv.slice(2);
const client = createClient({ baseUrl: url, auth: { type: 'session', email, password } });
const me = await client.me();
let wrong = null;
try { await createClient({ baseUrl: url, auth: { type: 'session', email, password: 'wrong-password' } }).me(); }
catch (e) { wrong = e instanceof LightboxError ? e.status : String(e); }
console.log(JSON.stringify({ email: me.email ?? me.user?.email, wrong }));
`);
    const { stdout } = await run(process.execPath, ['use.mjs', s.url, user.email, user.password], { cwd: dir });
    const out = JSON.parse(stdout);
    assert.equal(out.email, user.email);
    assert.equal(out.wrong, 401);
  });

  for (const resolution of ['nodenext', 'bundler'] as const) {
    test(`strict tsc with moduleResolution ${resolution} type-checks a consumer with zero errors (and catches a type error)`, async () => {
      const module = resolution === 'nodenext' ? 'nodenext' : 'esnext';
      const sub = join(dir, resolution);
      await run('mkdir', ['-p', sub]);
      await writeFile(join(sub, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { strict: true, module, moduleResolution: resolution, target: 'es2022', lib: ['es2023', 'dom'], noEmit: true, types: [], skipLibCheck: false },
        include: ['*.ts'],
      }));
      await writeFile(join(sub, 'ok.ts'), `
import { createClient, LightboxError, type LightboxClient } from '@lightbox/client';
const client: LightboxClient = createClient({ baseUrl: 'http://127.0.0.1:1', auth: { type: 'session', email: 'a@b.c', password: 'x' } });
export async function f(): Promise<string> { const me = await client.me(); return JSON.stringify(me) + String(LightboxError.name); }
`);
      const ok = await run(process.execPath, [tsc, '-p', sub], { cwd: dir }).then(() => '', (e: { stdout: string }) => e.stdout);
      assert.equal(ok, '', ok);
      await writeFile(join(sub, 'bad.ts'), `import { createClient } from '@lightbox/client';\nexport const c = createClient({ baseUrl: 42 });\n`);
      const bad = await run(process.execPath, [tsc, '-p', sub], { cwd: dir }).then(() => '', (e: { stdout: string }) => e.stdout);
      assert.match(bad, /bad\.ts.*error TS/);
    });
  }
});
