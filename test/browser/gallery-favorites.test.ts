// issue #18 in Chromium against a real listening server, at desktop (1280×900) and phone (390×844) widths: favorite
// a photo into two lists (the heart and the list picker, by mouse and by keyboard) with a note written in the viewer,
// filter the Favorites tab by list, send the selection and find the studio's notification through the Studio API,
// a wrong download PIN then the right one, one photo downloaded, and the message when the original limit is reached.
// axe finds no serious or critical violation with each dialog open. Screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { openGallery } from '../helpers/gallery-browser.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, studioSession, upload, type StudioSession } from '../helpers/gallery.ts';
import { seriousViolations, until } from '../helpers/page-checks.ts';

const SKIP = browserSkip('the favorite lists and delivery controls browser tests');
const PASSWORD = 'orchard lanterns at dusk';
const PIN = '2468';
const SHOTS = 'test-results';

async function photoJpeg(width: number, height: number, top: string, bottom: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.3}" cy="${height * 0.4}" r="${Math.min(width, height) * 0.15}" fill="#ffffffaa"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const PHOTOS = [
  { filename: 'first-look.jpg', w: 1200, h: 800, top: '#f6d365', bottom: '#fda085' },
  { filename: 'bouquet.jpg', w: 800, h: 1200, top: '#84fab0', bottom: '#8fd3f4' },
  { filename: 'toast.jpg', w: 1000, h: 1000, top: '#a18cd1', bottom: '#fbc2eb' },
  { filename: 'sparklers.jpg', w: 1600, h: 900, top: '#30cfd0', bottom: '#330867' },
];

interface Fixture { slug: string; collectionId: string; photos: string[]; studio: StudioSession }

async function seed(server: LiveServer): Promise<Fixture> {
  const s = await studioSession(server);
  const collection = await createCollection(server, s, {
    name: 'Clara & Dev', event_date: '2025-09-06', expiry_date: '2027-09-30', password: PASSWORD, downloadable: 'original',
    download_pin: PIN, original_download_limit: 1,
  });
  const gallery = await createGallery(server, s, collection.id, { name: 'Day' });
  const files = await Promise.all(PHOTOS.map(async (p) => ({ filename: p.filename, content: await photoJpeg(p.w, p.h, p.top, p.bottom) })));
  const res = await upload(server, s, gallery.id, files);
  assert.equal(res.statusCode, 201, res.body);
  const ids = (res.json().data as Array<{ id: string; filename: string }>);
  return { slug: collection.slug, collectionId: collection.id, photos: PHOTOS.map((p) => ids.find((i) => i.filename === p.filename)?.id ?? ''), studio: s };
}

/** Console lines a run may show: the browser's own note of a 403 or 429 answer the page expected and handled. */
function expectedNoise(text: string, url: string): boolean {
  return /status of (403|429)/.test(text) && /\/api\/v1\/gallery\/(photos\/[^/]+\/download\/check|download-pin|archive\/summary)/.test(url);
}

describe('favorite lists, notes, send my selection and the download controls in Chromium', { skip: SKIP }, () => {
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

  const signedIn = (email: string, options: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page }> =>
    openGallery({ browser, url: server.url, slug: fx.slug, password: PASSWORD, problems, ignore: expectedNoise }, email, options);

  const api = async (context: BrowserContext, path: string): Promise<Record<string, unknown>> => (await (await context.request.get(`${server.url}${path}`)).json()) as Record<string, unknown>;

  async function scenario(name: string, email: string, options: Parameters<Browser['newContext']>[0], width: number): Promise<void> {
    const { context, page } = await signedIn(email, options);
    const [a, b, c] = fx.photos as [string, string, string];
    const listName = `Album ${name}`;

    // The expiry date is on the cover; the page fits the screen.
    assert.match(await page.textContent('.cover-expiry') ?? '', /Available until 30 September 2027/);
    assert.ok(await page.evaluate<number>('document.documentElement.scrollWidth') <= width, 'no horizontal scrolling');

    // 1. The heart puts photo A in the default list; the list button's picker creates a second list and adds A to it.
    await page.locator('#photos').scrollIntoViewIfNeeded();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201), page.click(`.tile[data-id="${a}"] .heart`)]);
    assert.equal(await page.getAttribute(`.tile[data-id="${a}"] .heart`, 'aria-pressed'), 'true');
    await page.click(`.tile[data-id="${a}"] .list-open`);
    await until(page, 'document.getElementById("list-picker").open');
    assert.equal(await page.textContent('.picker-photo'), 'first-look.jpg');
    assert.equal(await page.isChecked('.picker-choices input >> nth=0'), true, 'the default list is ticked');
    await page.fill('#picker-new-name', listName);
    await Promise.all([
      page.waitForResponse((r) => /\/favorite-lists\/fl_[^/]+\/photos$/.test(r.url()) && r.status() === 201),
      page.click('.picker-create'),
    ]);
    await until(page, `[...document.querySelectorAll(".picker-choices label")].some((l) => l.textContent === ${JSON.stringify(listName)} && l.querySelector("input").checked)`);
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-picker.png` });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the list picker');
    await page.click('#list-picker button[value=done]');
    await until(page, '!document.getElementById("list-picker").open');
    assert.equal(await page.evaluate<string | null>('document.activeElement?.closest(".tile")?.dataset.id ?? null'), a, 'focus back on the tile');
    const lists = (await api(context, '/api/v1/gallery/favorite-lists')).data as Array<{ id: string; name: string; default: boolean; photo_count: number }>;
    const album = lists.find((l) => l.name === listName);
    assert.ok(album, JSON.stringify(lists));
    assert.deepEqual(((await api(context, `/api/v1/gallery/photos/${a}`)).data as { lists: string[] }).lists.sort(), lists.filter((l) => l.default || l.id === album.id).map((l) => l.id).sort(), 'A is in two lists');

    // With the keyboard: B's list button, Space on the new list's checkbox, Escape, focus returns.
    await page.focus(`.tile[data-id="${b}"] .list-open`);
    await page.keyboard.press('Enter');
    await until(page, 'document.getElementById("list-picker").open');
    await page.focus(`.picker-choices input[value="${album.id}"]`);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/favorite-lists/${album.id}/photos`) && r.status() === 201), page.keyboard.press('Space')]);
    await page.keyboard.press('Escape');
    await until(page, '!document.getElementById("list-picker").open');
    assert.equal(await page.evaluate<string>('document.activeElement?.className ?? ""'), 'list-open listed', 'focus back on the list button, which shows B is listed');

    // 2. A note in the viewer, saved through the API.
    await page.click(`.tile[data-id="${a}"] .open`);
    await until(page, 'document.getElementById("viewer").open');
    await page.click('.viewer-note-toggle');
    assert.equal(await page.getAttribute('.viewer-note-toggle', 'aria-expanded'), 'true');
    const note = 'Please lift the shadows <b>a little</b> & keep the grain.';
    await page.fill('#viewer-note-text', note);
    assert.equal(await page.textContent('#viewer-note-count'), `${[...note].length} / 1000`);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/photos/${a}/note`) && r.status() === 200), page.click('.viewer-note button[type=submit]')]);
    await until(page, 'document.querySelector(".note-status").textContent === "Note saved."');
    assert.equal(((await api(context, `/api/v1/gallery/photos/${a}`)).data as { note: string }).note, note);
    assert.equal(await page.textContent('.viewer-note-toggle'), 'Note ✓');
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-note.png` });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the viewer with its note');
    for (const selector of ['.viewer-heart', '.viewer-lists', '.viewer-note-toggle', '.viewer-close', '.viewer-download[data-size="web-size"]']) {
      const box = await page.locator(selector).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `${selector} is on screen (${JSON.stringify(box)})`);
    }

    // 3. A wrong PIN, then the right one, then one photo downloaded (the web copy).
    const [firstTry] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/photos/${a}/download/check`) && r.status() === 403),
      page.click('.viewer-download[data-size="web-size"]'),
    ]);
    assert.equal(((await firstTry.json()) as { code: string }).code, 'download_pin_required');
    await until(page, 'document.getElementById("pin").open');
    await page.fill('#pin-input', '0000');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/download-pin') && r.status() === 403), page.click('#pin button[value=unlock]')]);
    await until(page, 'document.querySelector(".pin-error").textContent.includes("not right")');
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-wrong-pin.png` });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the PIN prompt with its error');
    await page.fill('#pin-input', PIN);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pin button[value=unlock]')]);
    await until(page, '!document.getElementById("pin").open');
    assert.equal(download.suggestedFilename(), 'first-look-web.jpg');
    const bytes = await readFile(await download.path());
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 1200, 800], 'the web copy of the photo');

    // 4. The limit of one original: A's original goes through, then B's is refused with a message in the viewer.
    const [original] = await Promise.all([page.waitForEvent('download'), page.click('.viewer-download[data-size="original"]')]);
    assert.equal(original.suggestedFilename(), 'first-look.jpg');
    assert.equal((await readFile(await original.path())).length > 0, true);
    // Photos uploaded together share a time, so their order is by id: walk with the arrow key until B is shown.
    for (let i = 0; i < PHOTOS.length && (await page.evaluate<string | null>('new URLSearchParams(location.search).get("photo")')) !== b; i++) await page.keyboard.press('ArrowRight');
    await until(page, `new URLSearchParams(location.search).get("photo") === ${JSON.stringify(b)}`);
    await Promise.all([page.waitForResponse((r) => r.url().includes(`/photos/${b}/download/check`) && r.status() === 403), page.click('.viewer-download[data-size="original"]')]);
    await until(page, '!document.querySelector(".viewer-message").hidden');
    assert.match(await page.textContent('.viewer-message') ?? '', /You have downloaded 1 of the 1 originals this collection allows\. Ask your photographer/);
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-limit.png` });
    await page.keyboard.press('Escape');
    await until(page, '!document.getElementById("viewer").open');

    // The download dialog says the same before any archive of originals.
    await page.click('.download-open');
    await page.check('input[name=size][value=original]');
    await until(page, '/1 of the 1 originals/.test(document.querySelector(".downloads-summary").textContent)');
    assert.equal(await page.getAttribute('.downloads-go', 'aria-disabled'), 'true');
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-downloads-limit.png` });
    await page.click('#downloads button[type=submit]');

    // 5. The Favorites tab, filtered by list; then send the selection and find the studio's notification.
    await page.click('#tab-favorites');
    const shown = (): Promise<string[]> => page.evaluate<string[]>('[...document.querySelectorAll("#panel-favorites .tile")].map((t) => t.dataset.id)');
    assert.deepEqual(await shown(), [a], 'the default list');
    await page.selectOption('#list-filter', album.id);
    const galleryOrder = await page.evaluate<string[]>('[...document.querySelectorAll(".panel:not([data-favorites]) .tile")].map((t) => t.dataset.id)');
    assert.deepEqual(await shown(), galleryOrder.filter((id) => id === a || id === b), 'the new list, in gallery order');
    assert.match(await page.textContent(`#list-filter option[value="${album.id}"]`) ?? '', new RegExp(`${listName} \\(2\\)`));
    assert.equal((await page.textContent('#favorite-count'))?.trim(), '2');
    await page.click('.list-send');
    await until(page, 'document.getElementById("confirm").open');
    assert.match(await page.textContent('#confirm-text') ?? '', new RegExp(`“${listName}” with its 2 photos`));
    assert.deepEqual(await seriousViolations(page), [], 'axe: the send confirmation');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/favorite-lists/${album.id}/send`) && r.status() === 201), page.click('.confirm-ok')]);
    await until(page, `document.querySelector(".list-status").textContent.startsWith(${JSON.stringify(`Sent “${listName}” (2 photos)`)})`);
    await page.screenshot({ path: `${SHOTS}/gallery-favorites-${name}-sent.png`, fullPage: width < 600 });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the Favorites tab');
    assert.ok(await page.evaluate<number>('document.documentElement.scrollWidth') <= width, 'the list bar fits the screen');

    const notifications = await server.app.inject({ method: 'GET', url: '/api/v1/notifications/all?per_page=100', headers: { cookie: fx.studio.cookie } });
    const told = (notifications.json().data as Array<{ kind: string; data: Record<string, unknown> }>).find((n) => n.kind === 'selection_submitted' && n.data.email === email);
    assert.ok(told, 'the studio was notified');
    assert.deepEqual([told.data.list_name, told.data.photos, told.data.collection_id], [listName, 2, fx.collectionId]);
    const favorites = await server.app.inject({ method: 'GET', url: `/api/v1/collections/${fx.collectionId}/favorites?list_id=${album.id}`, headers: { cookie: fx.studio.cookie } });
    assert.deepEqual((favorites.json().data as Array<{ photo_id: string; note: string | null }>).map((x) => [x.photo_id, x.note]).sort(), [[a, note], [b, null]].sort(), 'the studio reads the list with the note');
    assert.ok(c, 'a third photo stays out of every list');
    await context.close();
  }

  test('at desktop width (1280×900)', async () => {
    await scenario('desktop', 'clara@example.com', { viewport: { width: 1280, height: 900 } }, 1280);
  });

  test('on a phone (390×844)', async () => {
    await scenario('phone', 'dev@example.com', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }, 390);
    assert.deepEqual(problems, [], 'no console error or CSP violation');
  });
});
