// issue #18: the client gallery in Chromium against a real listening server: the cover and the galleries as tabs, a
// justified grid that keeps every photo's ratio, the viewer (click, arrows, the address, Back, Esc, focus), hearts and
// the Favorites tab (checked through the API too), a ZIP download received by the browser, axe, and a phone with a
// swipe. Screenshots go to test-results/gallery-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { fromBuffer, type ZipFile } from 'yauzl';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { openGallery } from '../helpers/gallery-browser.ts';
import { seriousViolations, until } from '../helpers/page-checks.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, studioSession, upload } from '../helpers/gallery.ts';

const SKIP = browserSkip('the client gallery browser tests');
const PASSWORD = 'orchard lanterns at dusk';

/** A photo that looks like one in a screenshot: a two-colour gradient with a sun, at the given size. */
async function scenicJpeg(width: number, height: number, top: string, bottom: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.7}" cy="${height * 0.35}" r="${Math.min(width, height) * 0.12}" fill="#fff3c4" opacity="0.85"/><path d="M0 ${height * 0.8} Q ${width * 0.3} ${height * 0.6} ${width * 0.6} ${height * 0.78} T ${width} ${height * 0.72} V ${height} H 0 Z" fill="#00000033"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const CEREMONY = [
  { filename: 'aisle.jpg', w: 1200, h: 800, top: '#f6d365', bottom: '#fda085' },
  { filename: 'vows.jpg', w: 800, h: 1200, top: '#84fab0', bottom: '#8fd3f4' },
  { filename: 'rings.jpg', w: 1000, h: 1000, top: '#a18cd1', bottom: '#fbc2eb' },
  { filename: 'kiss.jpg', w: 1600, h: 900, top: '#ff9a9e', bottom: '#fad0c4' },
];
const PARTY = [
  { filename: 'dance.jpg', w: 900, h: 1200, top: '#30cfd0', bottom: '#330867' },
  { filename: 'skyline.jpg', w: 1800, h: 600, top: '#667eea', bottom: '#764ba2' },
];

interface Fixture { slug: string; ceremony: string[]; party: string[]; ceremonyId: string; partyId: string }

async function unzipNames(buf: Buffer): Promise<string[]> {
  const zip: ZipFile = await new Promise((resolve, reject) => fromBuffer(buf, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: { fileName: string }) => { names.push(e.fileName); zip.readEntry(); });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return names;
}

async function seed(server: LiveServer): Promise<Fixture> {
  const s = await studioSession(server);
  const collection = await createCollection(server, s, { name: 'Anna & Ben', event_date: '2025-06-14', password: PASSWORD, downloadable: 'original', description: 'Thank you for letting us be part of your day.' });
  const ids: string[][] = [];
  const galleryIds: string[] = [];
  for (const [name, photos] of [['Ceremony', CEREMONY], ['Party', PARTY]] as const) {
    const gallery = await createGallery(server, s, collection.id, { name });
    galleryIds.push(gallery.id);
    const files = await Promise.all(photos.map(async (p) => ({ filename: p.filename, content: await scenicJpeg(p.w, p.h, p.top, p.bottom) })));
    const res = await upload(server, s, gallery.id, files);
    assert.equal(res.statusCode, 201, res.body);
    ids.push((res.json().data as Array<{ id: string }>).map((p) => p.id));
  }
  const patch = await server.app.inject({ method: 'PATCH', url: `/api/v1/collections/${collection.id}`, headers: s.headers, payload: { cover_photo_id: ids[0]?.[3] } });
  assert.equal(patch.statusCode, 200, patch.body);
  return { slug: collection.slug, ceremony: ids[0] ?? [], party: ids[1] ?? [], ceremonyId: galleryIds[0] ?? '', partyId: galleryIds[1] ?? '' };
}

interface Box { id: string; w: number; h: number; boxW: number; boxH: number; color: string; background: string; srcset: string; loading: string; alt: string }

/** What the open tab's tiles look like, measured in the page. */
function tiles(page: Page): Promise<Box[]> {
  return page.evaluate<Box[]>(`[...document.querySelectorAll('.panel:not([hidden]) .tile')].map((t) => {
    const r = t.getBoundingClientRect(); const img = t.querySelector('img');
    return { id: t.dataset.id, w: Number(t.dataset.w), h: Number(t.dataset.h), boxW: r.width, boxH: r.height, color: t.dataset.color,
      background: getComputedStyle(t).backgroundColor, srcset: img.getAttribute('srcset'), loading: img.getAttribute('loading'), alt: img.alt };
  })`);
}


const openPhoto = (page: Page): Promise<string | null> => page.evaluate<string | null>('new URLSearchParams(location.search).get("photo")');
const viewerOpen = (page: Page): Promise<boolean> => page.evaluate<boolean>('document.getElementById("viewer").open');
const focusedTile = (page: Page): Promise<string | null> => page.evaluate<string | null>('document.activeElement?.closest(".tile")?.dataset.id ?? null');


function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('the client gallery in Chromium', { skip: SKIP }, () => {
  let server: LiveServer;
  let browser: Browser;
  let fx: Fixture;
  const problems: string[] = [];

  before(async () => {
    server = await startLiveServer();
    fx = await seed(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> =>
    openGallery({ browser, url: server.url, slug: fx.slug, password: PASSWORD, problems }, 'anna@example.test', options);

  test('cover, tabs and a justified grid that keeps every ratio; the viewer by click, arrows, the address, Back, Esc and focus', async () => {
    const { context, page } = await signedIn({ viewport: { width: 1280, height: 900 } });
    assert.equal(await page.textContent('.cover-title'), 'Anna & Ben');
    assert.equal(await page.getAttribute('.cover time', 'datetime'), '2025-06-14');
    assert.match(await page.textContent('.cover-date') ?? '', /14 June 2025/);
    assert.match(await page.getAttribute('.cover-img', 'src') ?? '', new RegExp(`${fx.ceremony[3]}/web$`), 'the chosen cover photo');
    const coverBox = await page.locator('.cover-img').boundingBox();
    assert.ok(coverBox && coverBox.width >= 1270, 'the cover spans the page');

    const tabNames = await page.locator('[role=tab]').allTextContents();
    assert.deepEqual(tabNames.map((t) => t.replace(/\s+/g, ' ').trim()), ['Ceremony 4', 'Party 2', 'Favorites 0']);
    assert.equal(await page.getAttribute('#tab-' + fx.ceremonyId, 'aria-selected'), 'true');

    const grid = await tiles(page);
    assert.deepEqual(grid.map((t) => t.id).sort(), [...fx.ceremony].sort(), 'the open tab shows its gallery');
    // The grid's order (upload time, then id) is the viewer's order.
    const order = grid.map((t) => t.id);
    for (const t of grid) {
      const ratio = t.w / t.h;
      assert.ok(Math.abs(t.boxW / t.boxH - ratio) / ratio < 0.02, `${t.id}: box ${t.boxW}×${t.boxH} keeps ${t.w}×${t.h}`);
      assert.equal(t.loading, 'lazy');
      assert.match(t.srcset, /\/thumbnail \d+w, .*\/web \d+w$/, 'thumbnail and web copies as srcset candidates');
      assert.match(t.color, /^#[0-9a-f]{6}$/, 'a dominant colour for the placeholder');
      assert.equal(t.background, hexToRgb(t.color), 'painted behind the thumbnail');
      assert.ok(t.alt.length > 0);
    }
    const rowTops = await page.evaluate<number[]>('[...document.querySelectorAll(".panel:not([hidden]) .tile")].map((t) => Math.round(t.getBoundingClientRect().top))');
    const firstRow = grid.filter((_t, i) => rowTops[i] === rowTops[0]);
    assert.ok(firstRow.length >= 3, 'several photos share the first row');
    assert.ok(new Set(firstRow.map((t) => Math.round(t.boxH))).size === 1, 'one height per row');
    await page.screenshot({ path: 'test-results/gallery-desktop.png', fullPage: true });

    // Tabs with the keyboard: arrows move and select.
    await page.focus(`#tab-${fx.ceremonyId}`);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute(`#tab-${fx.partyId}`, 'aria-selected'), 'true');
    assert.equal(await page.evaluate<string>('document.activeElement.id'), `tab-${fx.partyId}`);
    assert.deepEqual((await tiles(page)).map((t) => t.id).sort(), [...fx.party].sort());
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute(`#tab-${fx.ceremonyId}`, 'aria-selected'), 'true');

    // The viewer: a click opens it, the address names the photo, an arrow moves (and replaces the address).
    await page.click(`.tile[data-id="${order[0]}"] .open`);
    assert.ok(await viewerOpen(page));
    assert.equal(await openPhoto(page), order[0]);
    assert.ok(await page.evaluate<boolean>('document.getElementById("viewer").contains(document.activeElement)'), 'focus moved into the viewer');
    await until(page, 'document.querySelector(".viewer-img").complete');
    assert.match(await page.textContent('.viewer-position') ?? '', /1 of 4/);
    await page.keyboard.press('ArrowRight');
    assert.equal(await openPhoto(page), order[1]);
    assert.match(await page.textContent('.viewer-position') ?? '', /2 of 4/);
    // The size the screen needs, in WebP (Chromium takes it): the medium or the web copy.
    await until(page, `/${order[1]}\\/(medium|web)\\?format=webp$/.test(document.querySelector(".viewer-img").currentSrc)`);
    // The neighbour is fetched ahead: a resource-timing entry appears once its response has ended, which on a
    // loaded machine can come after the current photo has painted, so wait for it (bounded) instead of sampling once.
    await until(page, `performance.getEntriesByType("resource").some((e) => /${order[2]}\\/(medium|web)\\?format=webp$/.test(e.name))`, 10_000);
    await page.screenshot({ path: 'test-results/gallery-viewer.png' });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the open viewer');

    // Back closes it; focus goes to the thumbnail of the photo shown last.
    await page.goBack();
    await until(page, '!document.getElementById("viewer").open');
    assert.equal(await openPhoto(page), null);
    assert.equal(new URL(page.url()).pathname, `/galleries/${fx.slug}`, 'Back stayed on the gallery');
    assert.equal(await focusedTile(page), order[1]);

    // With the keyboard: Enter opens, Esc closes, focus returns; the address is clean again.
    await page.focus(`.tile[data-id="${order[2]}"] .open`);
    await page.keyboard.press('Enter');
    assert.ok(await viewerOpen(page));
    assert.equal(await openPhoto(page), order[2]);
    await page.keyboard.press('Escape');
    await until(page, '!document.getElementById("viewer").open');
    await until(page, '!location.search.includes("photo=")');
    assert.equal(await focusedTile(page), order[2]);

    // A shared address opens that photo, in its own gallery's tab.
    await page.goto(`${server.url}/galleries/${fx.slug}?photo=${fx.party[1]}`);
    await until(page, 'document.getElementById("viewer").open');
    assert.match(await page.textContent('.viewer-name') ?? '', /skyline\.jpg/);
    assert.equal(await page.getAttribute(`#tab-${fx.partyId}`, 'aria-selected'), 'true');
    await page.click('.viewer-close');
    await until(page, '!document.getElementById("viewer").open');
    assert.equal(await openPhoto(page), null);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the gallery page');
    await context.close();
  });

  test('hearts in the grid and the viewer fill the Favorites tab and reach the API; the ZIP download matches the summary', async () => {
    const { context, page } = await signedIn({ viewport: { width: 1280, height: 900 } });
    const heart = page.locator(`.tile[data-id="${fx.ceremony[1]}"] .heart`);
    assert.equal(await heart.getAttribute('aria-pressed'), 'false');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201), heart.click()]);
    assert.equal(await heart.getAttribute('aria-pressed'), 'true');

    await page.click(`#tab-${fx.partyId}`);
    await page.click(`.tile[data-id="${fx.party[0]}"] .open`);
    const viewerHeart = page.locator('.viewer-heart');
    assert.equal(await viewerHeart.getAttribute('aria-pressed'), 'false');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201), viewerHeart.click()]);
    assert.equal(await viewerHeart.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.viewer-download[data-size="web-size"]').isVisible(), true, 'web-size download offered');
    assert.match(await page.getAttribute('.viewer-download[data-size="original"]', 'href') ?? '', new RegExp(`${fx.party[0]}/download\\?size=original$`));
    await page.keyboard.press('Escape');
    await until(page, '!document.getElementById("viewer").open');

    await page.click('#tab-favorites');
    assert.equal((await page.textContent('#favorite-count'))?.trim(), '2');
    assert.deepEqual((await tiles(page)).map((t) => t.id), [fx.ceremony[1], fx.party[0]]);
    const api = await context.request.get(`${server.url}/api/v1/gallery/favorites`);
    assert.equal(api.status(), 200);
    assert.deepEqual(((await api.json()) as { data: Array<{ id: string }> }).data.map((p) => p.id).sort(), [fx.ceremony[1], fx.party[0]].sort());

    // Download: the summary first, then the ZIP the browser receives.
    await page.click('.download-open');
    await until(page, 'document.querySelector(".downloads-go").getAttribute("aria-disabled") === "false"');
    const summaryAll = await context.request.get(`${server.url}/api/v1/gallery/archive/summary?scope=collection&size=web-size`);
    const all = ((await summaryAll.json()) as { data: { photos: number } }).data;
    assert.match(await page.textContent('.downloads-summary') ?? '', new RegExp(`^${all.photos} photos · \\d`));
    await page.check('input[name=scope][value=favorites]');
    await until(page, '/^2 photos/.test(document.querySelector(".downloads-summary").textContent) && document.querySelector(".downloads-go").getAttribute("aria-disabled") === "false"');
    await page.screenshot({ path: 'test-results/gallery-downloads.png' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads-go')]);
    assert.equal(download.suggestedFilename(), 'Anna & Ben - favorites.zip');
    const zip = await readFile(await download.path());
    assert.deepEqual((await unzipNames(zip)).sort(), ['dance-web.jpg', 'vows-web.jpg']);

    // Un-hearting from the Favorites tab reaches the API too.
    await Promise.all([page.waitForResponse((r) => r.url().includes(`/api/v1/gallery/favorites/${fx.party[0]}`) && r.status() === 204), page.click(`#panel-favorites .tile[data-id="${fx.party[0]}"] .heart`)]);
    assert.equal((await page.textContent('#favorite-count'))?.trim(), '1');
    await context.close();
  });

  test('on a phone (375×812) the grid keeps its ratios and a swipe moves the viewer', async () => {
    const { context, page } = await signedIn({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await page.locator('#photos').scrollIntoViewIfNeeded();
    const grid = await tiles(page);
    const order = grid.map((t) => t.id);
    for (const t of grid) {
      const ratio = t.w / t.h;
      assert.ok(Math.abs(t.boxW / t.boxH - ratio) / ratio < 0.02, `${t.id}: box ${t.boxW}×${t.boxH} keeps ${t.w}×${t.h}`);
      assert.ok(t.boxW <= 375, 'no tile wider than the screen');
    }
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(width <= 375, `no horizontal scrolling (${width})`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: 'test-results/gallery-mobile.png', fullPage: true });

    await page.tap(`.tile[data-id="${order[0]}"] .open`);
    assert.equal(await openPhoto(page), order[0]);
    const swipe = async (from: number, to: number): Promise<void> => {
      const y = 400;
      await page.dispatchEvent('.stage', 'pointerdown', { pointerId: 7, pointerType: 'touch', isPrimary: true, clientX: from, clientY: y, button: 0 });
      await page.dispatchEvent('.stage', 'pointermove', { pointerId: 7, pointerType: 'touch', isPrimary: true, clientX: (from + to) / 2, clientY: y });
      await page.dispatchEvent('.stage', 'pointerup', { pointerId: 7, pointerType: 'touch', isPrimary: true, clientX: to, clientY: y });
    };
    await swipe(320, 60);
    assert.equal(await openPhoto(page), order[1], 'a swipe to the left shows the next photo');
    await swipe(60, 320);
    assert.equal(await openPhoto(page), order[0], 'and to the right the previous one');
    await until(page, `/${order[0]}\\/(medium|web)\\?format=webp$/.test(document.querySelector(".viewer-img").currentSrc)`);
    const img = await page.locator('.viewer-img').boundingBox();
    assert.ok(img && img.width <= 375 && img.width > 300, `the photo fills the phone's width (${img?.width})`);
    await page.screenshot({ path: 'test-results/gallery-mobile-viewer.png' });
    await page.click('.viewer-close');
    await until(page, '!document.getElementById("viewer").open');
    await context.close();
    assert.deepEqual(problems, [], 'no console error or CSP violation');
  });
});
