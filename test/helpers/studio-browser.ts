// The studio app's browser suites share this: a Chromium context signed in through the login page, with page errors
// and unexpected console errors collected, and the JSON API called with that browser's own session (its cookies and
// the CSRF header from the csrftoken cookie).
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LightboxProcess } from './lightbox-process.ts';

export interface StudioBrowser { context: BrowserContext; page: Page }

/**
 * A new context at `viewport`, signed in as the demo owner (or as `email`, and with `password`). `expected` matches console errors
 * the test causes on purpose (a refused request it checks); anything else lands in `problems`.
 */
export async function signedInStudio(browser: Browser, lightbox: LightboxProcess, viewport: { width: number; height: number }, problems: string[], options: { email?: string; password?: string; expected?: RegExp } = {}): Promise<StudioBrowser> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !(options.expected ?? /status of 4\d\d/).test(m.text())) problems.push(m.text()); });
  await page.goto(`${lightbox.url}/login`);
  await page.fill('#email', options.email ?? lightbox.demo!.email);
  await page.fill('#password', options.password ?? lightbox.demo!.password);
  await Promise.all([page.waitForURL(`${lightbox.url}/`), page.click('button[type=submit]')]);
  return { context, page };
}

/** The JSON API as this browser's session; asserts success and resolves with `data` (null for 204). */
export async function studioApi<T>(context: BrowserContext, baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const csrf = (await context.cookies(baseUrl)).find((c) => c.name === 'csrftoken')?.value ?? '';
  const res = await context.request.fetch(`${baseUrl}${path}`, { method, headers: { 'x-csrftoken': csrf, accept: 'application/json' }, ...(body !== undefined ? { data: body } : {}) });
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`);
  return (res.status() === 204 ? null : (await res.json()).data) as T;
}
