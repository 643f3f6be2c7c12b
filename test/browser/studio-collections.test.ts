// Issue #18, the studio app in Chromium against a real `lightbox serve --demo`: the dashboard (the demo collection with
// its status and counts; search and sort as a plain GET form), a new collection made through its form (a draft, which
// refuses a visitor until it is published), the share box (link and password copied to the clipboard, the QR code
// an SVG of the link), a gallery added, a PIN and an expiry set, and the activity page after a client's visit, favorite
// and download: the chart's bars and the table. Desktop and phone widths; axe finds no serious problem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { signedInStudio, studioApi, type StudioBrowser } from '../helpers/studio-browser.ts';
import { sampleJpeg } from '../helpers/gallery.ts';

const SKIP = browserSkip('the studio collection pages tests');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const PASSWORD = 'sea glass and driftwood';
const CLIENT = 'clara@example.test';

describe('the studio dashboard, a collection, its share box and its activity', { skip: SKIP }, () => {
  const suite = demoInChromium();
  const problems: string[] = [];

  /** A browser with nobody signed in (the client's). */
  async function fresh(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await suite.browser.newContext({ viewport });
    return { context, page: await context.newPage() };
  }
  // The draft's refusal is a 403 the test asks for; not a problem.
  const signedIn = (viewport: { width: number; height: number }): Promise<StudioBrowser> => signedInStudio(suite.browser, suite.lightbox, viewport, problems);
  const api = <T>(context: BrowserContext, method: string, path: string, body?: unknown): Promise<T> => studioApi<T>(context, suite.lightbox.url, method, path, body);

  test('dashboard, create through the form, share box, draft and publish, a visit, the activity page', async () => {
    const { context, page } = await signedIn(DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.lightbox.url });

    // The dashboard lists the demo collection with its status and counts.
    const cards = page.locator('#collections .collection-card');
    assert.equal(await cards.count(), 1);
    const demoCard = await cards.first().textContent() ?? '';
    assert.match(demoCard, /Published/);
    assert.match(demoCard, /\d+ photos/);
    assert.match(demoCard, /Visits\s*\d+/);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the dashboard');

    // Create through the form: a draft with a password, a client and a PIN.
    await page.click('text=New collection');
    await page.waitForURL(`${suite.lightbox.url}/studio/collections/new`);
    await page.fill('#name', 'Clara & Dev at the harbour');
    await page.fill('#event-date', '2026-06-14');
    await page.fill('#password', PASSWORD);
    await page.fill('#extra-emails', CLIENT);
    await page.fill('#download-pin', '4821');
    await page.selectOption('#downloadable', 'original');
    assert.equal(await page.isChecked('#status-draft'), true, 'a new collection starts as a draft');
    assert.deepEqual(await seriousViolations(page), [], 'axe: the new collection form');
    await page.click('#save');
    await page.locator('#status', { hasText: 'The collection is created' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    assert.match(id, /^co_[0-9A-Za-z]{22}$/, 'the page became the collection’s own, without a reload');
    const created = await api<{ status: string; password_protected: boolean; download_pin_protected: boolean; downloadable: string; event_date: string; visitor_login_url: string; slug: string }>(context, 'GET', `/api/v1/collections/${id}`);
    assert.deepEqual([created.status, created.password_protected, created.download_pin_protected, created.downloadable, created.event_date], ['draft', true, true, 'original', '2026-06-14']);
    assert.deepEqual((await api<Array<{ email: string }>>(context, 'GET', `/api/v1/collections/${id}/clients`)).map((e) => e.email), [CLIENT]);

    // The share box: the link and the password just set, each copied; the QR code an SVG.
    const link = await page.inputValue('#share-link');
    assert.equal(link, `${suite.lightbox.url}${created.visitor_login_url}`);
    await page.click('#copy-link');
    await page.locator('#copy-link', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), link);
    assert.equal(await page.inputValue('#share-password'), PASSWORD);
    await page.click('#copy-password');
    await page.locator('#copy-password', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), PASSWORD);
    const qr = await context.request.get(`${suite.lightbox.url}/studio/collections/${id}/qr.svg`);
    assert.equal(qr.status(), 200);
    assert.match(qr.headers()['content-type'] ?? '', /^image\/svg\+xml/);
    assert.match(await qr.text(), /^<svg[^>]+viewBox="0 0 \d+ \d+"/);
    assert.equal(await page.locator('#share-qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0), true, 'the QR image loaded');
    assert.match(await page.locator('#share-status-note').textContent() ?? '', /draft/);

    // A gallery, and a photo in it (through the API: the upload page has its own suite).
    await page.fill('#gallery-name', 'Ceremony');
    await page.click('#gallery-form button[type=submit]');
    await page.locator('#galleries li', { hasText: 'Ceremony' }).waitFor();
    const galleryHref = await page.locator('#galleries li a').first().getAttribute('href');
    assert.match(galleryHref ?? '', /^\/studio\/galleries\/ga_/);
    const galleryId = (galleryHref ?? '').split('/').pop() as string;
    const csrf = (await context.cookies(suite.lightbox.url)).find((c) => c.name === 'csrftoken')?.value ?? '';
    const up = await context.request.post(`${suite.lightbox.url}/api/v1/galleries/${galleryId}/photos`, { headers: { 'x-csrftoken': csrf }, multipart: { file: { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await sampleJpeg({ width: 300, height: 200 }) } } });
    assert.equal(up.status(), 201, await up.text());
    const photoId = (await up.json()).data[0].id as string;
    await page.screenshot({ path: `${SHOTS}/studio-collections-share-desktop.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the collection page with its share box');

    // A client with the link is refused while it is a draft, and let in once it is published.
    const client = await fresh(PHONE);
    let visitorCsrf = '';
    const visitorLogin = async (): Promise<number> => {
      const res = await client.context.request.post(`${suite.lightbox.url}/galleries/login`, { data: { email: CLIENT, collection: created.slug, password: PASSWORD }, headers: { accept: 'application/json', origin: suite.lightbox.url } });
      if (res.status() === 201) visitorCsrf = (await res.json()).data.csrf_token;
      return res.status();
    };
    assert.equal(await visitorLogin(), 403, 'a draft refuses its client');
    await page.check('#status-published');
    await page.fill('#expiry-date', '2030-12-31');
    await page.click('#save');
    await page.locator('#status', { hasText: 'Saved' }).waitFor();
    assert.match(await page.locator('#title').textContent() ?? '', /Published/);
    assert.equal(await page.isHidden('#share-password-row'), false, 'the password stays copyable until the page is left');
    const saved = await api<{ status: string; expiry_date: string; password_protected: boolean }>(context, 'GET', `/api/v1/collections/${id}`);
    assert.deepEqual([saved.status, saved.expiry_date, saved.password_protected], ['published', '2030-12-31', true], 'saving without a new password keeps the old one');
    assert.equal(await visitorLogin(), 201, 'published: the client is in');
    const inClient = async (method: string, path: string, body?: unknown): Promise<number> => {
      const res = await client.context.request.fetch(`${suite.lightbox.url}${path}`, { method, headers: { 'x-csrftoken': visitorCsrf, accept: 'application/json' }, ...(body !== undefined ? { data: body } : {}) });
      assert.ok(res.status() < 300, `${method} ${path}: ${res.status()} ${res.status() >= 300 ? await res.text() : ''}`);
      return res.status();
    };
    assert.ok((await inClient('POST', '/api/v1/gallery/favorites', { photo_id: photoId })) < 300);
    assert.equal(await inClient('POST', '/api/v1/gallery/download-pin', { pin: '4821' }), 200);
    assert.equal(await inClient('GET', `/api/v1/gallery/photos/${photoId}/original`), 200);
    await client.context.close();

    // The reload forgets the password for good.
    await page.reload();
    assert.equal(await page.isHidden('#share-password-row'), true);
    assert.ok(!(await page.content()).includes(PASSWORD), 'the page never shows the password again');

    // The activity page: one visit, one favorite, one download, in the chart and the table.
    await page.click('text=Activity');
    await page.waitForURL(`${suite.lightbox.url}/studio/collections/${id}/activity`);
    assert.deepEqual(await page.locator('#activity-totals dd').allTextContents(), ['1', '1', '1']);
    const today = new Date().toISOString().slice(0, 10);
    const heights = await page.locator(`#activity-chart g.day[data-date="${today}"] rect`).evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    assert.equal(heights.length, 2);
    assert.ok(heights.every((h) => h > 0), `today's visit and download bars are drawn (${heights.join(', ')})`);
    assert.equal(await page.locator('#activity-chart g.day').count(), 30, 'one group of bars a day');
    assert.equal(await page.locator('#activity-chart rect').evaluateAll((rects) => rects.filter((r) => Number(r.getAttribute('height')) > 0).length), 2, 'and none on the quiet days');
    const kinds = await page.locator('#recent-activity tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    assert.deepEqual([...kinds].sort(), ['download', 'favorite', 'visit']);
    assert.match(await page.locator('#recent-activity').textContent() ?? '', new RegExp(`${CLIENT}[\\s\\S]*IMG_0001\\.jpg`));
    await page.screenshot({ path: `${SHOTS}/studio-collections-activity-desktop.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the activity page');

    // Back on the dashboard: search and sort are a GET form.
    await page.goto(`${suite.lightbox.url}/`);
    assert.equal(await cards.count(), 2);
    await page.fill('#q', 'clara');
    await Promise.all([page.waitForURL(/\?q=clara/), page.click('.search-form button[type=submit]')]);
    assert.equal(await cards.count(), 1);
    assert.match(await cards.first().textContent() ?? '', /Clara & Dev at the harbour[\s\S]*Published[\s\S]*Visits\s*1[\s\S]*Favorites\s*1[\s\S]*Downloads\s*1/);
    await page.goto(`${suite.lightbox.url}/?sort=name`);
    const names = await page.locator('#collections .collection-name').allTextContents();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    await page.goto(`${suite.lightbox.url}/?q=nothing-like-this`);
    assert.match(await page.locator('#no-collections').textContent() ?? '', /No collection matches/);
    await page.goto(`${suite.lightbox.url}/`);
    await page.screenshot({ path: `${SHOTS}/studio-collections-dashboard-desktop.png`, fullPage: true });
    await context.close();

    const phone = await signedIn(PHONE);
    await phone.page.screenshot({ path: `${SHOTS}/studio-collections-dashboard-phone.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(phone.page), [], 'axe: the dashboard on a phone');
    for (const path of [`/studio/collections/${id}`, `/studio/collections/${id}/activity`]) {
      await phone.page.goto(`${suite.lightbox.url}${path}`);
      const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `${path}: no sideways scrolling on a phone (${overflow} px)`);
      assert.deepEqual(await seriousViolations(phone.page), [], `axe: ${path} on a phone`);
    }
    await phone.page.screenshot({ path: `${SHOTS}/studio-collections-activity-phone.png`, fullPage: true });
    await phone.page.goto(`${suite.lightbox.url}/studio/collections/${id}`);
    await phone.page.screenshot({ path: `${SHOTS}/studio-collections-share-phone.png`, fullPage: true });
    await phone.context.close();
    assert.deepEqual(problems, []);
  });
});
