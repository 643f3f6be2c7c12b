// issue #20 in Chromium against a real listening server, at desktop (1280×900) and phone (390×844) widths: in a
// collection that asks visitors to confirm their email, a heart (desktop) or the download dialog (phone) is refused
// with email_confirmation_required and the page opens the confirmation prompt; "Not now" leaves things as they
// were, "Send code" mails the code (read back from a real SMTP server in this process), a wrong code is said in the
// prompt, the right one (typed with Enter) confirms, and the refused favorite or download goes through without a
// second prompt. axe finds no serious or critical violation with the prompt open. Screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { openGallery } from '../helpers/gallery-browser.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { createCollection, createGallery, studioSession, upload } from '../helpers/gallery.ts';
import { seriousViolations, until } from '../helpers/page-checks.ts';
import { eventually, mailFor, mailTo, type Inbox } from '../helpers/mail.ts';

const SKIP = browserSkip('the gallery email-confirmation browser test');
const PASSWORD = 'orchard lanterns at dusk';
const SHOTS = 'test-results';

async function photoJpeg(width: number, height: number, top: string, bottom: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

interface Fixture { slug: string; photos: string[] }

/** Console lines a run may show: the browser's own note of the 403s the page expects and handles. */
function expectedNoise(text: string, url: string): boolean {
  return /status of 403/.test(text) && /\/api\/v1\/gallery\/(favorites|archive\/summary|email-confirmation\/confirm)/.test(url);
}

describe('the email-confirmation prompt of the client gallery in Chromium', { skip: SKIP }, () => {
  let server: LiveServer;
  let inbox: Inbox;
  let browser: Browser;
  let fx: Fixture;
  const problems: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startLiveServer();
    inbox = await mailTo(server);
    const s = await studioSession(server, { studio: 'Northlight Photography' });
    const collection = await createCollection(server, s, {
      name: 'Clara & Dev', password: PASSWORD, downloadable: 'web-size', require_email_confirmation: true,
      client_emails: ['clara@example.com', 'dev@example.com'],
    });
    const gallery = await createGallery(server, s, collection.id, { name: 'Day' });
    const files = await Promise.all([['first-look.jpg', '#f6d365', '#fda085'], ['bouquet.jpg', '#84fab0', '#8fd3f4'], ['toast.jpg', '#a18cd1', '#fbc2eb']]
      .map(async ([filename, top, bottom]) => ({ filename: filename ?? '', content: await photoJpeg(1200, 800, top ?? '', bottom ?? '') })));
    const res = await upload(server, s, gallery.id, files);
    assert.equal(res.statusCode, 201, res.body);
    fx = { slug: collection.slug, photos: (res.json().data as Array<{ id: string }>).map((p) => p.id) };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await inbox?.close();
    await server?.close();
  });

  const signedIn = (email: string, options: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page }> =>
    openGallery({ browser, url: server.url, slug: fx.slug, password: PASSWORD, problems, ignore: expectedNoise }, email, options);

  /** Sends the code from the open prompt and reads it from the visitor's mailbox. */
  async function sendCode(page: Page, email: string): Promise<string> {
    const before = mailFor(inbox, email).length;
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/email-confirmation') && r.status() === 202), page.click('.confirm-email-send')]);
    await until(page, '!document.querySelector(".confirm-email-code").hidden && document.activeElement?.id === "confirm-email-input"');
    assert.match(await page.textContent('.confirm-email-status') ?? '', new RegExp(`We sent a code to ${email.replace('.', '\\.')}\\. It works for 10 minutes\\.`));
    await eventually(() => mailFor(inbox, email).length === before + 1, `the code for ${email}`);
    const code = /^\s*(\d{6})\s*$/m.exec(mailFor(inbox, email).at(-1)?.text ?? '')?.[1];
    assert.ok(code);
    return code;
  }

  async function wrongThenRight(page: Page, name: string, code: string): Promise<void> {
    await page.fill('#confirm-email-input', code === '000000' ? '111111' : '000000');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/email-confirmation/confirm') && r.status() === 403), page.click('.confirm-email-confirm')]);
    await until(page, 'document.querySelector(".confirm-email-error").textContent === "That code is not right. 4 tries left."');
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-${name}-wrong-code.png` });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the prompt with its error');
    await page.fill('#confirm-email-input', `${code.slice(0, 3)} ${code.slice(3)}`);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/email-confirmation/confirm') && r.status() === 200), page.press('#confirm-email-input', 'Enter')]);
    await until(page, '!document.getElementById("confirm-email").open');
    assert.equal(await page.getAttribute('body', 'data-email-confirmation'), 'none');
  }

  test('at desktop width (1280×900): a heart asks first, then keeps the favorite', async () => {
    const email = 'clara@example.com';
    const { context, page } = await signedIn(email, { viewport: { width: 1280, height: 900 } });
    const [a, b] = fx.photos as [string, string];
    assert.equal(await page.getAttribute('body', 'data-email-confirmation'), 'required');

    await page.locator('#photos').scrollIntoViewIfNeeded();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 403), page.click(`.tile[data-id="${a}"] .heart`)]);
    await until(page, 'document.getElementById("confirm-email").open');
    assert.match(await page.textContent('#confirm-email-help') ?? '', /6-digit code to clara@example\.com/);
    assert.equal(await page.evaluate<string>('document.activeElement?.textContent ?? ""'), 'Send code');
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-desktop-prompt.png` });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the prompt');

    const code = await sendCode(page, email);
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-desktop-code.png` });
    const favorited = page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201);
    await wrongThenRight(page, 'desktop', code);
    await favorited;
    await until(page, `document.querySelector('.tile[data-id="${a}"] .heart').getAttribute("aria-pressed") === "true"`);
    const favorites = await (await context.request.get(`${server.url}/api/v1/gallery/favorites`)).json() as { data: Array<{ id: string }> };
    assert.deepEqual(favorites.data.map((p) => p.id), [a], 'the refused favorite was made once the email was confirmed');

    // No second prompt: the next heart and a download go straight through.
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201), page.click(`.tile[data-id="${b}"] .heart`)]);
    await page.click('.download-open');
    await until(page, '/3 photos/.test(document.querySelector(".downloads-summary").textContent)');
    assert.equal(await page.evaluate<boolean>('document.getElementById("confirm-email").open'), false);
    assert.equal(await page.getAttribute('.downloads-go', 'aria-disabled'), 'false');
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-desktop-after.png` });
    await context.close();
  });

  test('on a phone (390×844): "Not now" keeps nothing; the download dialog asks, then counts the archive', async () => {
    const email = 'dev@example.com';
    const width = 390;
    const { context, page } = await signedIn(email, { viewport: { width, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const [a] = fx.photos as [string];

    // Not now: the heart goes back to off and the page says why.
    await page.locator('#photos').scrollIntoViewIfNeeded();
    await page.click(`.tile[data-id="${a}"] .heart`);
    await until(page, 'document.getElementById("confirm-email").open');
    const box = await page.locator('#confirm-email').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= width, `the prompt fits the screen (${JSON.stringify(box)})`);
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-phone-prompt.png` });
    await page.click('#confirm-email button[value=cancel]');
    await until(page, '!document.getElementById("confirm-email").open');
    await until(page, `document.querySelector('.tile[data-id="${a}"] .heart').getAttribute("aria-pressed") === "false"`);
    assert.equal(await page.textContent('#announcer'), 'Could not change the favorite for first-look.jpg. Try again.');

    // The download dialog: refused, the prompt on top of it, then the archive is counted.
    await page.click('.download-open');
    await until(page, 'document.getElementById("confirm-email").open');
    assert.equal(await page.evaluate<boolean>('document.getElementById("downloads").open'), true, 'over the download dialog');
    const code = await sendCode(page, email);
    await wrongThenRight(page, 'phone', code);
    await until(page, '/3 photos/.test(document.querySelector(".downloads-summary").textContent)');
    assert.equal(await page.getAttribute('.downloads-go', 'aria-disabled'), 'false');
    await page.screenshot({ path: `${SHOTS}/gallery-confirm-email-phone-downloads.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads-go')]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    await until(page, '!document.getElementById("downloads").open');

    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/gallery/favorites') && r.status() === 201), page.click(`.tile[data-id="${a}"] .heart`)]);
    assert.equal(await page.evaluate<boolean>('document.getElementById("confirm-email").open'), false, 'confirmed once for the session');
    assert.ok(await page.evaluate<number>('document.documentElement.scrollWidth') <= width, 'no horizontal scrolling');
    await context.close();
    assert.deepEqual(problems, [], 'no console error or CSP violation');
  });
});
