// A client's gallery opened in Chromium the way a client opens it: the login page, their email and the collection's
// password, then the gallery itself. Console errors and warnings (less the ones `ignore` accepts) and uncaught page
// errors are collected into `problems`, which each suite asserts empty at its end.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface GalleryVisit {
  browser: Browser;
  url: string;
  slug: string;
  password: string;
  problems: string[];
  /** Console messages a suite expects (a 4xx it provokes on purpose); true to leave the message out of `problems`. */
  ignore?: (text: string, url: string) => boolean;
}

export async function openGallery(visit: GalleryVisit, email: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await visit.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !visit.ignore?.(m.text(), m.location().url)) visit.problems.push(`${email} ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => visit.problems.push(`${email} page error: ${e.message}`));
  await page.goto(`${visit.url}/galleries/login?collection=${visit.slug}`);
  await page.fill('#email', email);
  await page.fill('#password', visit.password);
  await Promise.all([page.waitForURL(`${visit.url}/galleries/${visit.slug}`), page.click('button[type=submit]')]);
  await page.waitForLoadState('networkidle');
  return { context, page };
}
