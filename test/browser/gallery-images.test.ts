// issue #18: the images a gallery serves, in Chromium against a real listening server: the grid's <picture> loads the
// WebP copies (what each <img> actually loaded: currentSrc, and its Content-Type), at a width from its srcset; the
// viewer loads the size the screen needs in WebP, and the collection's watermark is visible in it at phone (390 px)
// and desktop widths, while the original the browser downloads is the upload, byte for byte. Screenshots go to
// test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { openGallery } from '../helpers/gallery-browser.ts';
import { until } from '../helpers/page-checks.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, studioSession, upload } from '../helpers/gallery.ts';
import { watermarkBox, type WatermarkSpec } from '../../src/api/photos/watermark-overlay.ts';

const SKIP = browserSkip('the gallery images browser tests');
const SHOTS = 'test-results';
const PASSWORD = 'harbour lights at low tide';
const MARK = { mode: 'text', text: '© Nordlicht · Proof', position: 'center', opacity: 0.85, scale: 0.5 } as const;
const SPEC: WatermarkSpec = { art: { kind: 'text', text: MARK.text }, position: 'center', opacity: MARK.opacity, scale: MARK.scale };

/** A dark evening scene: the white watermark shows clearly on it. */
function eveningJpeg(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1b2433"/><stop offset="1" stop-color="#2e2a33"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.78}" cy="${height * 0.22}" r="${Math.min(width, height) * 0.06}" fill="#c9b98f"/><path d="M0 ${height * 0.82} Q ${width * 0.35} ${height * 0.7} ${width * 0.7} ${height * 0.8} T ${width} ${height * 0.76} V ${height} H 0 Z" fill="#11161c"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

const PHOTOS = [{ filename: 'harbour.jpg', w: 2400, h: 1600 }, { filename: 'pier.jpg', w: 1200, h: 1800 }, { filename: 'boats.jpg', w: 3000, h: 2000 }];

interface Fixture { slug: string; ids: string[]; originals: Buffer[] }

async function seed(server: LiveServer): Promise<Fixture> {
  const s = await studioSession(server);
  const collection = await createCollection(server, s, { name: 'Harbour evening', password: PASSWORD, downloadable: 'original', watermark: MARK });
  const gallery = await createGallery(server, s, collection.id, { name: 'Evening' });
  const originals = await Promise.all(PHOTOS.map((p) => eveningJpeg(p.w, p.h)));
  const res = await upload(server, s, gallery.id, PHOTOS.map((p, i) => ({ filename: p.filename, content: originals[i] as Buffer })));
  assert.equal(res.statusCode, 201, res.body);
  return { slug: collection.slug, ids: (res.json().data as Array<{ id: string }>).map((p) => p.id), originals };
}

/** Mean brightness of a region of a PNG screenshot. */
async function meanIn(png: Buffer, box: { left: number; top: number; width: number; height: number }): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().extract(box).raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (const v of data) sum += v;
  return sum / (info.width * info.height * info.channels);
}

interface Loaded { id: string; currentSrc: string; candidates: number[] }

describe('the gallery images in Chromium', { skip: SKIP }, () => {
  let server: LiveServer;
  let browser: Browser;
  let fx: Fixture;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startLiveServer();
    fx = await seed(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> =>
    openGallery({ browser, url: server.url, slug: fx.slug, password: PASSWORD, problems }, 'ines@example.test', options);

  /** Every tile's image once loaded: what it loaded, how wide, and the widths its <source> offered. */
  async function loadedTiles(page: Page): Promise<Loaded[]> {
    await until(page, `[...document.querySelectorAll('.panel:not([hidden]) .tile img')].every((i) => i.complete && i.naturalWidth > 0)`, 10_000);
    return page.evaluate<Loaded[]>(`[...document.querySelectorAll('.panel:not([hidden]) .tile')].map((t) => {
      const img = t.querySelector('img');
      const source = t.querySelector('picture > source[type="image/webp"]');
      return { id: t.dataset.id, currentSrc: img.currentSrc,
        candidates: (source ? source.getAttribute('srcset') : '').split(', ').map((c) => Number(c.split(' ')[1].slice(0, -1))) };
    })`);
  }

  /**
   * What the server sends for a URL the page loaded (fetched again from the page, same cookies): its Content-Type and
   * the pixel width the browser decodes (naturalWidth of a srcset image is scaled by its density, so it cannot tell).
   */
  const fileOf = (page: Page, url: string): Promise<{ type: string | null; width: number }> => page.evaluate<{ type: string | null; width: number }>(
    `fetch(${JSON.stringify(url)}).then(async (r) => ({ type: r.headers.get('content-type'), width: (await createImageBitmap(await r.blob())).width }))`,
  );

  async function checkViewer(page: Page, name: string, expectedSize: 'medium' | 'web'): Promise<void> {
    await page.click(`.tile[data-id="${fx.ids[0]}"] .open`);
    await until(page, `document.getElementById('viewer').open`, 10_000);
    await until(page, `(() => { const i = document.querySelector('.viewer-img'); return i.complete && i.naturalWidth > 0 && i.currentSrc.includes('format=webp') && !i.currentSrc.includes('/thumbnail'); })()`, 10_000);
    const shown = await page.evaluate<string>(`document.querySelector('.viewer-img').currentSrc`);
    assert.match(shown, new RegExp(`/api/v1/gallery/photos/${fx.ids[0]}/${expectedSize}\\?format=webp$`), `${name}: the viewer loaded the ${expectedSize} WebP`);
    assert.deepEqual(await fileOf(page, shown), { type: 'image/webp', width: expectedSize === 'web' ? 2048 : 1024 });
    await page.waitForTimeout(400); // the viewer's own transitions settle before the screenshot
    await page.screenshot({ path: `${SHOTS}/gallery-images-${name}-viewer.png` });
    const shot = await page.locator('.viewer-img').screenshot({ path: `${SHOTS}/gallery-images-${name}-viewer-photo.png` });
    const meta = await sharp(shot).metadata();
    const box = await watermarkBox(SPEC, meta.width ?? 0, meta.height ?? 0);
    const inside = { left: box.left, top: box.top + Math.floor(box.height * 0.2), width: box.width, height: Math.max(1, Math.floor(box.height * 0.6)) };
    const above = { ...inside, top: Math.max(0, inside.top - 3 * box.height) };
    const [marked, clear] = [await meanIn(shot, inside), await meanIn(shot, above)];
    assert.ok(marked > clear + 30, `${name}: the watermark shows in the viewer's photo (${marked.toFixed(1)} in its box, ${clear.toFixed(1)} above it)`);
    await page.keyboard.press('Escape');
    await until(page, `!document.getElementById('viewer').open`, 10_000);
  }

  test('desktop: the grid loads WebP from its srcset; the viewer the web-size WebP, watermarked; the original is clean', async () => {
    const { context, page } = await signedIn({ viewport: { width: 1280, height: 900 } });
    const tiles = await loadedTiles(page);
    assert.equal(tiles.length, 3);
    for (const t of tiles) {
      assert.match(t.currentSrc, /\/(thumbnail|medium|web)\?format=webp$/, `${t.id} loaded a WebP candidate: ${t.currentSrc}`);
      const file = await fileOf(page, t.currentSrc);
      assert.equal(file.type, 'image/webp');
      assert.ok(t.candidates.includes(file.width), `${t.id}: ${file.width} px is one of the srcset widths ${t.candidates.join(', ')}`);
    }
    // Tiles come in upload order by (time, id), so each is found by its id.
    assert.deepEqual(tiles.find((t) => t.id === fx.ids[0])?.candidates, [400, 1024, 2048], 'a 2400 × 1600 photo: thumbnail, medium and web');
    assert.deepEqual(tiles.find((t) => t.id === fx.ids[1])?.candidates, [267, 683, 1200], 'a 1200 × 1800 portrait: by its width');
    const cover = await page.evaluate<string>(`document.querySelector('.cover-img').currentSrc`);
    assert.match(cover, /\?format=webp$/, `the cover is WebP too: ${cover}`);
    await page.screenshot({ path: `${SHOTS}/gallery-images-desktop-grid.png` });
    await checkViewer(page, 'desktop', 'web');

    // The original, as the browser downloads it: the upload, without a watermark.
    const bytes = await page.evaluate<string>(`fetch('/api/v1/gallery/photos/${fx.ids[0]}/original').then((r) => r.arrayBuffer()).then((b) => { let s = ''; for (const c of new Uint8Array(b)) s += String.fromCharCode(c); return btoa(s); })`);
    assert.ok(Buffer.from(bytes, 'base64').equals(fx.originals[0] as Buffer), 'the original is the upload, byte for byte');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('phone (390 px, 2× pixels): the grid loads WebP; the viewer the medium WebP, watermarked', async () => {
    const { context, page } = await signedIn({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    for (const t of await loadedTiles(page)) {
      assert.match(t.currentSrc, /\?format=webp$/, `${t.id}: ${t.currentSrc}`);
      const file = await fileOf(page, t.currentSrc);
      assert.deepEqual([file.type, t.candidates.includes(file.width)], ['image/webp', true], `${t.id}: ${file.width} px of ${t.candidates.join(', ')}`);
    }
    await page.screenshot({ path: `${SHOTS}/gallery-images-phone-grid.png`, fullPage: true });
    await checkViewer(page, 'phone', 'medium');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
