// issue #5: Swagger UI and Redoc load in headless Chromium with no console errors and no request to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { buildTestApp } from '../helpers/app.ts';

function findChromium(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const CHROMIUM = findChromium();
const SKIP = CHROMIUM ? false : 'chromium is not installed (CI installs it: apt-get install -y chromium); browser checks of the docs pages skipped';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

interface PageReport {
  problems: string[];
  foreign: string[];
  text: string;
}

/** Opens a page, waits for the viewer to render, and reports console errors, failed requests and foreign requests. */
async function visit(browser: Browser, url: string, ready: string): Promise<PageReport> {
  const page = await browser.newPage();
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && !LOCAL_HOSTS.has(u.hostname)) foreign.push(r.url());
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(ready, { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    return { problems, foreign, text: (await page.textContent('body')) ?? '' };
  } finally {
    await page.close();
  }
}

test('Swagger UI and Redoc render the Lightbox document from local assets only', { skip: SKIP }, async () => {
  const t = await buildTestApp();
  let browser: Browser | null = null;
  try {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: FLAGS });

    const swagger = await visit(browser, `${address}/api/swagger`, '.swagger-ui .opblock');
    assert.deepEqual(swagger.problems, [], 'Swagger UI: no console errors or failed requests');
    assert.deepEqual(swagger.foreign, [], 'Swagger UI: no request leaves localhost');
    assert.match(swagger.text, /Lightbox API/);
    assert.match(swagger.text, /\/api\/auth\/login/);

    const redoc = await visit(browser, `${address}/api/redoc`, 'h1');
    assert.deepEqual(redoc.problems, [], 'Redoc: no console errors or failed requests');
    assert.deepEqual(redoc.foreign, [], 'Redoc: no request leaves localhost');
    assert.match(redoc.text, /Lightbox API/);
    assert.match(redoc.text, /sessionCookie/);
  } finally {
    await browser?.close();
    await t.close();
  }
});
