// Issue #18, the studio app in Chromium against a real `lightbox serve --demo`: the studio gallery page uploads 20
// files chosen in its file input, one request each, three at a time; one is forced to fail (the network drops it) and
// its Retry sends that file alone (21 requests in all); choosing a file again reports it as a duplicate, and "Upload
// anyway" keeps it; the cover, a move, a drag, a sort and a delete all reach the API. Screenshots at desktop and
// phone widths; axe finds no serious problem.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserContext } from 'playwright-core';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations, until } from '../helpers/page-checks.ts';
import { signedInStudio, studioApi, type StudioBrowser } from '../helpers/studio-browser.ts';

const SKIP = browserSkip('the studio upload page tests');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const FILES = 20;
const FAILING = 'IMG_07.jpg';

interface Listed { id: string; filename: string }

describe('the studio gallery page: upload, retry, duplicates, cover, order, delete', { skip: SKIP }, () => {
  const suite = demoInChromium();
  let dir: string;
  const problems: string[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lightbox-upload-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // The dropped upload logs a failed resource load, and a duplicate a 409: that is the point of the test, not a problem.
  const signedIn = (viewport: { width: number; height: number }): Promise<StudioBrowser> => signedInStudio(suite.browser, suite.lightbox, viewport, problems, { expected: /ERR_FAILED|status of 409/ });
  const api = <T>(context: BrowserContext, method: string, path: string, body?: unknown): Promise<T> => studioApi<T>(context, suite.lightbox.url, method, path, body);

  const names = async (context: BrowserContext, galleryId: string): Promise<string[]> =>
    (await api<Listed[]>(context, 'GET', `/api/v1/galleries/${galleryId}/photos?per_page=100`)).map((p) => p.filename);

  test('20 files with one forced failure retried alone; a duplicate reported and kept on request; cover, move, drag, sort, delete', async () => {
    const { context, page } = await signedIn(DESKTOP);
    const collection = await api<{ id: string }>(context, 'POST', '/api/v1/collections', { name: 'Harbour wedding' });
    const gallery = await api<{ id: string }>(context, 'POST', `/api/v1/collections/${collection.id}/galleries`, { name: 'Ceremony' });
    const paths: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const path = join(dir, `IMG_${String(i).padStart(2, '0')}.jpg`);
      const hue = Math.round((i * 360) / FILES);
      writeFileSync(path, await sharp({ create: { width: 480, height: 320, channels: 3, background: `hsl(${hue}, 60%, 55%)` } }).jpeg({ quality: 80 }).toBuffer());
      paths.push(path);
    }

    await page.goto(`${suite.lightbox.url}/studio/galleries/${gallery.id}`);
    assert.match(await page.locator('h2').first().textContent() ?? '', /Ceremony/);
    assert.equal(await page.locator('.breadcrumb a').getAttribute('href'), `/studio/collections/${collection.id}`);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the empty gallery page');

    // The network drops the first request carrying FAILING; every upload request is counted.
    const uploads: string[] = [];
    let dropped = false;
    await page.route(`**/api/v1/galleries/${gallery.id}/photos*`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = route.request().postDataBuffer()?.toString('latin1') ?? '';
      const name = /filename="([^"]+)"/.exec(body)?.[1] ?? '?';
      uploads.push(name);
      if (name === FAILING && !dropped) {
        dropped = true;
        return route.abort('failed');
      }
      return route.continue();
    });
    // Choosing the files starts the uploads: no further click.
    await page.locator('input[type=file]').first().setInputFiles(paths);
    await until(page, "document.querySelectorAll('#queue [data-state=done]').length === 19 && document.querySelectorAll('#queue [data-state=failed]').length === 1", 60_000);
    assert.equal(uploads.length, FILES, 'one request per file');
    assert.equal(await page.locator('#photos li').count(), 19, 'finished photos joined the grid without a reload');
    const failedRow = page.locator('#queue [data-state=failed]');
    assert.match(await failedRow.textContent() ?? '', new RegExp(`${FAILING}.*Failed: The connection failed`));
    assert.equal(await page.evaluate<boolean>("(() => { const p = document.getElementById('batch-progress'); return p.value < p.max; })()"), true, 'the batch is not complete');
    assert.match(await page.locator('#batch-text').textContent() ?? '', /19 of 20 uploaded, 1 need attention/);
    await page.screenshot({ path: `${SHOTS}/studio-upload-failed-desktop.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: with a failed upload');

    await page.getByRole('button', { name: `Retry ${FAILING}` }).click();
    await until(page, "document.querySelectorAll('#queue [data-state=done]').length === 20", 30_000);
    assert.equal(uploads.length, FILES + 1, 'the retry sent one request');
    assert.equal(uploads[FILES], FAILING, 'and only the failed file');
    assert.equal(await page.evaluate<boolean>("(() => { const p = document.getElementById('batch-progress'); return p.value === p.max; })()"), true, 'the batch bar is full');
    assert.match(await page.locator('#status').textContent() ?? '', /All 20 photos are uploaded/);
    assert.equal((await names(context, gallery.id)).length, FILES, 'the API lists all twenty');
    assert.deepEqual([...(await names(context, gallery.id))].sort(), paths.map((p) => p.split('/').pop()).sort());

    // The same file again: reported as a duplicate of the photo it repeats; "Upload anyway" keeps it.
    await page.locator('input[type=file]').first().setInputFiles([paths[0] as string]);
    await until(page, "document.querySelectorAll('#queue [data-state=duplicate]').length === 1", 20_000);
    assert.match(await page.locator('#queue [data-state=duplicate]').textContent() ?? '', /Already in this collection as IMG_00\.jpg/);
    assert.equal((await names(context, gallery.id)).length, FILES, 'nothing stored for the duplicate');
    await page.getByRole('button', { name: 'Upload anyway: IMG_00.jpg' }).click();
    await until(page, "document.querySelectorAll('#queue [data-state=done]').length === 21", 20_000);
    assert.equal((await names(context, gallery.id)).filter((n) => n === 'IMG_00.jpg').length, 2);

    // The cover.
    await page.getByRole('button', { name: 'Set IMG_03.jpg as the cover' }).click();
    await page.locator('li[data-name="IMG_03.jpg"] .cover-badge').waitFor();
    const listed = await api<Listed[]>(context, 'GET', `/api/v1/galleries/${gallery.id}/photos?per_page=100`);
    const cover = (await api<{ cover_photo: { id: string } | null }>(context, 'GET', `/api/v1/collections/${collection.id}`)).cover_photo?.id;
    assert.equal(cover, listed.find((p) => p.filename === 'IMG_03.jpg')?.id);

    // Sort by name, then a move and a drag, each saved.
    await page.selectOption('#sort-by', 'filename');
    await page.selectOption('#sort-direction', 'desc');
    await page.click('#sort-form button[type=submit]');
    await page.locator('#status', { hasText: 'Sorted by file name' }).waitFor();
    const sorted = await names(context, gallery.id);
    assert.deepEqual(sorted.slice(0, 3), ['IMG_19.jpg', 'IMG_18.jpg', 'IMG_17.jpg']);
    assert.deepEqual(await page.locator('#photos li').evaluateAll((items) => items.map((li) => li.getAttribute('data-name'))), sorted, 'the grid shows the stored order');
    await page.getByRole('button', { name: 'Move IMG_17.jpg up' }).click();
    await page.locator('#status', { hasText: 'IMG_17.jpg moved to place 2' }).waitFor();
    assert.deepEqual((await names(context, gallery.id)).slice(0, 3), ['IMG_19.jpg', 'IMG_17.jpg', 'IMG_18.jpg']);
    assert.equal(await page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('aria-label')"), 'Move IMG_17.jpg up', 'focus stays on the moved photo');
    await page.locator('li[data-name="IMG_16.jpg"]').dragTo(page.locator('li[data-name="IMG_19.jpg"]'), { targetPosition: { x: 5, y: 20 } });
    await page.locator('#status', { hasText: 'IMG_16.jpg moved to place 1' }).waitFor();
    assert.deepEqual((await names(context, gallery.id)).slice(0, 2), ['IMG_16.jpg', 'IMG_19.jpg'], 'the drag is saved');

    // Delete asks once more, then the photo is gone from the page and the API.
    const del = page.getByRole('button', { name: 'Delete IMG_10.jpg' });
    await del.click();
    await page.getByRole('button', { name: 'Press again to delete IMG_10.jpg' }).click();
    await page.locator('#status', { hasText: 'IMG_10.jpg is deleted' }).waitFor();
    assert.ok(!(await names(context, gallery.id)).includes('IMG_10.jpg'));
    assert.equal(await page.locator('#photos li').count(), 20);
    assert.match(await page.locator('#photo-count').textContent() ?? '', /^20 photos$/);

    // A reload shows the same order, from the server.
    await page.reload();
    assert.deepEqual(await page.locator('#photos li').evaluateAll((items) => items.map((li) => li.getAttribute('data-name'))), await names(context, gallery.id));
    // Every thumbnail in view loads (a broken one would have no natural width), before the screenshot shows them.
    await until(page, "[...document.querySelectorAll('#photos img')].filter((i) => i.getBoundingClientRect().top < innerHeight).every((i) => i.complete && i.naturalWidth > 0)", 20_000);
    await page.screenshot({ path: `${SHOTS}/studio-upload-desktop.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the full gallery');
    await context.close();

    const phone = await signedIn(PHONE);
    await phone.page.goto(`${suite.lightbox.url}/studio/galleries/${gallery.id}`);
    assert.equal(await phone.page.locator('#photos li').count(), 20);
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow} px)`);
    await phone.page.locator('input[type=file]').first().setInputFiles([paths[5] as string]);
    await until(phone.page, "document.querySelectorAll('#queue [data-state=duplicate]').length === 1", 20_000);
    await phone.page.screenshot({ path: `${SHOTS}/studio-upload-phone.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(phone.page), [], 'axe: the gallery page on a phone');
    await phone.context.close();
    assert.deepEqual(problems, []);
  });
});
