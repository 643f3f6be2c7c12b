// issue #16: every page and form works in a real Chromium against a real `lightbox serve` process, failures show
// pages with their message, and forms from other origins change nothing. Screenshots go to test-results/browser/;
// axe checks every page shown (no serious or critical violation).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { startLightboxProcess, type LightboxProcess } from '../helpers/lightbox-process.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { REPO_ROOT } from '../helpers/paths.ts';

const SKIP = browserSkip('the browser suite (test/browser/)');
const SHOTS = resolve(REPO_ROOT, 'test-results/browser');
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

/** A page that records console errors and CSP violations, for the "our pages are clean" assertions. */
interface Watched {
  page: Page;
  problems: string[];
}

async function watchedPage(context: BrowserContext): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // Chromium reports every 4xx document it is shown as a failed load; the test asserts those statuses itself.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && m.location().url === page.url()) return;
    problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, problems };
}

/**
 * A screenshot at phone and desktop width, and axe's check of the page as shown (no serious or critical violation);
 * the page is left at desktop width.
 */
async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${label}.png`, fullPage: true });
  }
  assert.deepEqual(await seriousViolations(page), [], `axe: ${name}`);
}

/** Submits the page's form and returns the response of the navigation it caused. */
async function submit(page: Page, button = 'button[type=submit]'): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(button)]);
  assert.ok(response, 'the form post navigated');
  return response;
}

async function text(page: Page): Promise<string> {
  return (await page.textContent('body')) ?? '';
}

async function assertNoJson(page: Page): Promise<void> {
  const body = (await text(page)).trim();
  assert.ok(!body.startsWith('{'), `a page, not JSON: ${body.slice(0, 120)}`);
  assert.ok(await page.locator('h1.brand').count() === 1, 'the Lightbox layout');
}

/** A page on another origin with forms posting to Lightbox: what a cross-site (or same-site, other port) attacker serves. */
async function startForeignSite(host: string, target: string, credentials: { email: string; password: string }): Promise<{ url: string; server: Server }> {
  const body = `<!doctype html><html><head><title>Elsewhere</title></head><body>
<form id="login" method="post" action="${target}/login"><input name="email" value="${credentials.email}"><input name="password" value="${credentials.password}"><button id="do-login" type="submit">Win a prize</button></form>
<form id="logout" method="post" action="${target}/logout"><button id="do-logout" type="submit">Claim</button></form>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, server };
}

describe('first-run setup in Chromium', { skip: SKIP }, () => {
  let lightbox: LightboxProcess;
  let browser: Browser;
  before(async () => {
    lightbox = await startLightboxProcess();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await lightbox?.stop();
  });

  test('the one-time link creates the owner, lands on the studio home, and is refused once used', async () => {
    assert.ok(lightbox.setupUrl, 'the server printed a setup link');
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const first = await page.goto(lightbox.setupUrl);
    assert.equal(first?.status(), 200);
    await shoot(page, 'setup');

    await page.fill('#studio_name', 'Harbour Light Studio');
    await page.fill('#first_name', 'Ada');
    await page.fill('#email', 'ada@harbour.test');
    await page.fill('#username', 'ada');
    await page.fill('#password', 'short');
    // The browser's own minlength does not exist on the field; the server's policy answers, tied to the field.
    const weak = await submit(page);
    assert.ok([400, 422].includes(weak.status()), `weak password refused: ${weak.status()}`);
    await assertNoJson(page);
    assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true', 'the message is tied to the password field');
    assert.match(await page.textContent('#password-error') ?? '', /\S/);
    assert.equal(await page.inputValue('#email'), 'ada@harbour.test', 'what was typed is kept');
    assert.equal(await page.inputValue('#password'), '', 'a password is never sent back');
    await shoot(page, 'setup-error');

    await page.fill('#password', 'lantern harbour midnight tide');
    const done = await submit(page);
    assert.equal(done.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await text(page), /Welcome, Ada/);
    assert.match(await text(page), /Harbour Light Studio \(owner\)/);
    await shoot(page, 'studio-home-after-setup');

    const again = await page.goto(lightbox.setupUrl);
    assert.equal(again?.status(), 403);
    await assertNoJson(page);
    assert.match(await text(page), /invalid or has already been used/);
    await shoot(page, 'setup-used');
    assert.deepEqual(problems, [], 'no console error or CSP violation on our pages');
    await context.close();
  });
});

describe('studio and gallery pages in Chromium (npm start -- --demo)', { skip: SKIP }, () => {
  let lightbox: LightboxProcess;
  let browser: Browser;
  let demo: NonNullable<LightboxProcess['demo']>;
  before(async () => {
    lightbox = await startLightboxProcess({ demo: true });
    browser = await launchChromium();
    demo = lightbox.demo as NonNullable<LightboxProcess['demo']>;
  });
  after(async () => {
    await browser?.close();
    await lightbox?.stop();
  });

  async function logIn(page: Page, password = demo.password): Promise<Response> {
    await page.goto(`${lightbox.url}/login`);
    await page.fill('#email', demo.email);
    await page.fill('#password', password);
    return submit(page);
  }

  test('studio login: a wrong password shows the message and keeps the email; the right one lands on the home page', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const form = await page.goto(`${lightbox.url}/login`);
    assert.equal(form?.headers()['referrer-policy'], 'same-origin');
    await shoot(page, 'login');

    const wrong = await logIn(page, 'not the password at all');
    assert.equal(wrong.status(), 401);
    await assertNoJson(page);
    assert.match(await page.textContent('[role=alert]') ?? '', /incorrect/);
    assert.equal(await page.inputValue('#email'), demo.email);
    assert.equal(await page.inputValue('#password'), '');
    await shoot(page, 'login-wrong-password');

    const right = await logIn(page);
    assert.equal(right.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match(await text(page), /Welcome, Demo/);
    assert.equal(right.headers()['cache-control'], 'no-store');
    await shoot(page, 'studio-home');

    // The session cookie is HttpOnly (scripts cannot read it); the CSRF cookie is readable on purpose.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'sessionid');
    assert.ok(session?.httpOnly, 'sessionid is HttpOnly');
    const visible = await page.evaluate<string>('document.cookie');
    assert.doesNotMatch(visible, /sessionid=/);
    assert.match(visible, /csrftoken=/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('logout is a POST; afterwards the back button shows no studio data', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await logIn(page);
    assert.match(await text(page), /Welcome, Demo/);
    const out = await submit(page, 'form[action="/logout"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(out.status(), 200);
    assert.equal((await context.cookies()).some((c) => c.name === 'sessionid' && c.value !== ''), false, 'the session cookie is gone');
    await page.goBack();
    await page.waitForLoadState('load');
    assert.doesNotMatch(await text(page), /Welcome|demo@lightbox\.test/, 'no studio data from the cache');
    await page.goto(`${lightbox.url}/`);
    assert.equal(new URL(page.url()).pathname, '/login', 'the old session is over');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('too many failures: the throttle message says how long to wait', async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    let last: Response | null = null;
    for (let i = 0; i < 10; i++) {
      await page.goto(`${lightbox.url}/login`);
      await page.fill('#email', 'someone-else@lightbox.test');
      await page.fill('#password', `wrong guess number ${i}`);
      last = await submit(page);
      if (last.status() === 429) break;
    }
    assert.equal(last?.status(), 429, 'throttled within ten attempts');
    assert.ok(Number(last?.headers()['retry-after']) >= 1);
    await assertNoJson(page);
    assert.match(await page.textContent('[role=alert]') ?? '', /Too many failed attempts\. Try again in \d+ (second|minute)s?\./);
    assert.equal(await page.inputValue('#email'), 'someone-else@lightbox.test');
    await shoot(page, 'login-throttled');
    await context.close();
  });

  test('gallery: a wrong password, the right one showing every image, logout; an expired collection says so', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const loginPage = await page.goto(demo.galleryUrl);
    assert.equal(loginPage?.status(), 200);
    const slug = new URL(demo.galleryUrl).searchParams.get('collection') as string;
    assert.equal(await page.inputValue('#collection'), slug, 'the link fills in the collection');
    await shoot(page, 'gallery-login');

    await page.fill('#email', 'guest@example.test');
    await page.fill('#password', 'not-it');
    const wrong = await submit(page);
    assert.equal(wrong.status(), 401);
    await assertNoJson(page);
    assert.match(await page.textContent('[role=alert]') ?? '', /incorrect/);
    assert.equal(await page.inputValue('#email'), 'guest@example.test');
    assert.equal(await page.inputValue('#collection'), slug);
    await shoot(page, 'gallery-login-wrong-password');

    await page.fill('#password', demo.galleryPassword);
    const right = await submit(page);
    assert.equal(right.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/galleries/${slug}`);
    await page.waitForLoadState('networkidle');
    // Evaluated in the page, where the DOM exists (the test's own TypeScript has no DOM types). Thumbnails load lazily
    // and only in the open tab (test/browser/gallery.test.ts covers the rest of the client gallery).
    const images = await page.evaluate<Array<{ src: string; complete: boolean; width: number }>>(
      '[...document.querySelectorAll(".cover-img, .panel:not([hidden]) img")].map((i) => ({ src: i.currentSrc, complete: i.complete, width: i.naturalWidth }))');
    assert.ok(images.length >= 2, `the gallery shows its photos (${images.length})`);
    for (const img of images) assert.ok(img.complete && img.width > 0, `${img.src} loaded`);
    await shoot(page, 'gallery-view');

    const out = await submit(page);
    assert.equal(out.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/galleries/login');
    const after = await page.goto(`${lightbox.url}/galleries/view`);
    assert.equal(after?.status(), 401);
    assert.match(await page.textContent('[role=alert]') ?? '', /Log in/);
    await shoot(page, 'gallery-after-logout');

    // An expired collection, made through the Studio API with a token-mode login.
    const api = async (path: string, init: RequestInit = {}): Promise<Record<string, unknown>> => {
      const res = await fetch(`${lightbox.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
      assert.ok(res.ok, `${path}: ${res.status}`);
      return await res.json() as Record<string, unknown>;
    };
    const { token } = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ email: demo.email, password: demo.password, mode: 'token' }) }) as { token: string };
    const created = await api('/api/v1/collections', {
      method: 'POST', headers: { 'x-auth-token': token },
      body: JSON.stringify({ name: 'Last Summer', password: 'old-summer', expiry_date: '2020-06-30' }),
    }) as { data: { slug: string } };
    await page.goto(`${lightbox.url}/galleries/login?collection=${created.data.slug}`);
    await page.fill('#email', 'guest@example.test');
    await page.fill('#password', 'old-summer');
    const expired = await submit(page);
    assert.equal(expired.status(), 403);
    await assertNoJson(page);
    assert.match(await text(page), /expired/);
    await shoot(page, 'gallery-expired');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('forms on another origin (another port, and 127.0.0.2) are refused with the error page and change nothing', async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    await logIn(page);
    assert.match(await text(page), /Welcome, Demo/);
    const sessionBefore = (await context.cookies()).find((c) => c.name === 'sessionid')?.value;
    const port = new URL(lightbox.url).port;
    const sites = [
      await startForeignSite('127.0.0.1', lightbox.url, demo), // same site, other origin: cookies are sent
      await startForeignSite('127.0.0.2', lightbox.url, demo), // another site: SameSite=Lax keeps cookies back
    ];
    try {
      for (const site of sites) {
        assert.notEqual(new URL(site.url).port, port);
        for (const button of ['#do-login', '#do-logout']) {
          await page.goto(site.url);
          const res = await submit(page, button);
          assert.ok([401, 403].includes(res.status()), `${site.url} ${button}: refused (${res.status()})`);
          assert.match(res.headers()['content-type'] ?? '', /^text\/html/);
          await assertNoJson(page);
          if (res.status() === 403) assert.match(await text(page), /another site/);
          const cookie = (await context.cookies()).find((c) => c.name === 'sessionid')?.value;
          assert.equal(cookie, sessionBefore, 'no new session was made and the old one was not cleared');
        }
      }
      await shoot(page, 'cross-site-refused');
      await page.goto(`${lightbox.url}/`);
      assert.match(await text(page), /Welcome, Demo/, 'still logged in: the foreign logout changed nothing');
    } finally {
      for (const site of sites) site.server.close();
      await context.close();
    }
  });

  test('a 404 is a page with a way home; an inline script injected into a page is blocked by the CSP', async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    const missing = await page.goto(`${lightbox.url}/no/such/page`);
    assert.equal(missing?.status(), 404);
    await assertNoJson(page);
    assert.equal(await page.getAttribute('a[href="/"]', 'href'), '/');
    await shoot(page, 'not-found');

    await page.goto(`${lightbox.url}/login`);
    const violation = await page.evaluate<string>(`new Promise((resolveViolation) => {
      document.addEventListener('securitypolicyviolation', (e) => resolveViolation(e.violatedDirective), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      setTimeout(() => resolveViolation('none'), 2000);
    })`);
    assert.match(violation, /^script-src/);
    assert.equal(await page.evaluate<unknown>('window.__injected'), undefined, 'the injected script did not run');
    await context.close();
  });
});
