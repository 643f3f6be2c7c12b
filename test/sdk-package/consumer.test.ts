// issue #21: @lightbox/client as its own package. Builds it with tsc, `npm pack`s it, installs the tarball offline into a
// temp project and uses it the way an outside consumer would: a plain Node `.mjs` script against a live Lightbox, and
// strict `tsc` with nodenext and bundler module resolution (zero errors), and a page bundled by esbuild for the
// browser (the package's "browser" condition) running in Chromium against a Lightbox on another origin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import sharp from 'sharp';
import { createUser, type TestUser } from '../helpers/app.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { REPO_ROOT } from '../helpers/paths.ts';

const run = promisify(execFile);
const root = REPO_ROOT;
const pkgDir = join(root, 'packages/client');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const BROWSER_SKIP = browserSkip('the SDK in a browser bundle');

/** The browser app a consumer would write: the SDK from the installed package, a cookie session, an upload of a File. */
const BROWSER_APP = `
import { createClient, createGalleryClient, LightboxError } from '@lightbox/client';
window.runSdk = async (api, email, password, jpegBase64) => {
  const out = {};
  const client = createClient({ baseUrl: api, auth: { type: 'session', email, password }, credentials: 'include' });
  out.email = (await client.me()).user.email;
  const collection = await client.collections.create({ name: 'From the browser', password: 'a browser password' });
  const gallery = await client.galleries.create(collection.id, { name: 'Set one' });
  const bytes = Uint8Array.from(atob(jpegBase64), (c) => c.charCodeAt(0));
  const file = new File([bytes], 'from-browser.jpg', { type: 'image/jpeg' });
  let progress = 0;
  const [photo] = await client.photos.upload(gallery.id, [{ filename: file.name, data: file }], { onProgress: (n) => { progress = n; } });
  out.progress = progress;
  out.photo = { filename: photo.filename, size: photo.size };
  const blob = await client.photos.blob(photo.id);
  out.downloaded = Array.from(new Uint8Array(await blob.arrayBuffer()));
  try { await client.photos.download(photo.id, '/tmp/nowhere.jpg'); out.pathCall = 'no error'; }
  catch (e) { out.pathCall = e instanceof LightboxError ? e.code : String(e); }
  // The same collection as a gallery visitor: the browser keeps the visitor cookie, the SDK its CSRF token.
  const visitorOptions = { baseUrl: api, collection: collection.slug, email: 'guest@example.test', credentials: 'include' };
  const visitor = createGalleryClient({ ...visitorOptions, password: 'a browser password' });
  const seen = await visitor.collection();
  const favorite = await visitor.favorites.add(photo.id);
  out.visitor = { name: seen.name, photos: seen.photo_count, favorite: favorite.favorite };
  try { await createGalleryClient({ ...visitorOptions, password: 'not it' }).collection(); out.visitorWrong = 'no error'; }
  catch (e) { out.visitorWrong = e instanceof LightboxError ? e.code : String(e); }
  await client.logout();
  const anonymous = createClient({ baseUrl: api, auth: { type: 'session', email, password: 'wrong-password' }, credentials: 'include' });
  try { await anonymous.me(); out.wrong = 'no error'; } catch (e) { out.wrong = e instanceof LightboxError ? e.status : String(e); }
  document.getElementById('out').textContent = JSON.stringify({ email: out.email, photo: out.photo, visitor: out.visitor });
  return out;
};
`;

/** Serves the bundled app from its own origin, as a browser app hosted apart from Lightbox would be. */
async function startAppServer(bundle: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><head><meta charset="utf-8"><title>SDK app</title><script type="module" src="/app.js"></script></head><body><pre id="out">…</pre></body></html>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

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

  test('bundled for the browser and run in Chromium: a cookie session across origins, a File uploaded, a Blob back, a gallery visitor', { skip: BROWSER_SKIP }, async () => {
    await writeFile(join(dir, 'browser-app.mjs'), BROWSER_APP);
    const bundled = await build({ entryPoints: [join(dir, 'browser-app.mjs')], absWorkingDir: dir, bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(bundled.metafile.inputs);
    assert.ok(inputs.some((f) => f.endsWith('@lightbox/client/dist/browser.js')), `the "browser" condition picks browser.js: ${inputs.join(', ')}`);
    assert.ok(!inputs.some((f) => f.includes('node-files')), 'the browser bundle leaves out the file-system module');
    const app = await startAppServer(bundled.outputFiles[0]!.text);
    const api = await startLiveServer({ cors: { origins: [app.origin] } });
    const browser = await launchChromium();
    try {
      const owner = await createUser(api, { studio: 'Browser SDK Studio' });
      const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toBuffer();
      const page = await browser.newPage();
      const failures: string[] = [];
      page.on('pageerror', (err) => failures.push(String(err)));
      await page.goto(`${app.origin}/`);
      await page.waitForFunction(() => typeof (globalThis as { runSdk?: unknown }).runSdk === 'function');
      const out = await page.evaluate(([base, email, password, data]) => (globalThis as unknown as { runSdk(...a: string[]): Promise<Record<string, unknown>> }).runSdk(base!, email!, password!, data!), [api.url, owner.email, owner.password, jpeg.toString('base64')]);
      await page.screenshot({ path: join(root, 'test-results/sdk-browser-consumer.png') });
      assert.deepEqual(failures, []);
      assert.equal(out.email, owner.email);
      assert.deepEqual(out.photo, { filename: 'from-browser.jpg', size: jpeg.length });
      assert.equal(out.progress, jpeg.length, 'progress counts the file bytes');
      assert.deepEqual(Buffer.from(out.downloaded as number[]), jpeg, 'the Blob holds the uploaded bytes');
      assert.equal(out.pathCall, 'files_unsupported', 'a path-based call says it needs Node');
      assert.deepEqual(out.visitor, { name: 'From the browser', photos: 1, favorite: true }, 'a visitor login, a read and a CSRF-checked write from the browser bundle');
      assert.equal(out.visitorWrong, 'invalid_credentials');
      assert.equal(out.wrong, 401);
    } finally {
      await browser.close();
      await api.close();
      await app.close();
    }
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
