// Issue #20: /account/security in Chromium against a real `lightbox serve --demo`: two browsers signed in as the same
// person; one sees both, ends the other, and the other is signed out at once; "sign out everywhere else" does the same.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';

const SKIP = browserSkip('the account security page tests');
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('the account security page in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();

  async function signedIn(options: { userAgent?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await suite.browser.newContext(options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
    const demo = suite.lightbox.demo!;
    await page.goto(`${suite.lightbox.url}/login`);
    await page.fill('#email', demo.email);
    await page.fill('#password', demo.password);
    await Promise.all([page.waitForURL(`${suite.lightbox.url}/`), page.click('button[type=submit]')]);
    return { context, page, problems };
  }

  const stillSignedIn = async (page: Page): Promise<boolean> => {
    await page.goto(`${suite.lightbox.url}/account/security`);
    return new URL(page.url()).pathname === '/account/security';
  };

  test('a session ended from one browser is refused in the other; sign out everywhere else ends the rest', async () => {
    const desk = await signedIn({ viewport: { width: 1280, height: 800 } });
    const phone = await signedIn({ userAgent: PHONE_UA, viewport: { width: 390, height: 844 } });
    const spare = await signedIn();

    await desk.page.click('a[href="/account/security"]');
    assert.equal(new URL(desk.page.url()).pathname, '/account/security');
    const rows = desk.page.locator('table.sessions tbody tr');
    assert.ok((await rows.count()) >= 3, 'every browser is listed');
    assert.equal(await desk.page.locator('tr.current .badge').textContent(), 'This browser');
    const phoneRow = desk.page.locator('tr', { hasText: 'Safari 17 on iOS' });
    assert.equal(await phoneRow.count(), 1, 'the phone is named in words');
    await desk.page.screenshot({ path: `${SHOTS}/account-security-desktop.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(desk.page), [], 'axe: the security page');

    await Promise.all([desk.page.waitForURL(/notice=ended/), phoneRow.getByRole('button', { name: /End session on Safari 17 on iOS/ }).click()]);
    assert.match(await desk.page.textContent('[role=status]') ?? '', /has ended/);
    assert.equal(await desk.page.locator('tr', { hasText: 'Safari 17 on iOS' }).count(), 0);
    assert.equal(await stillSignedIn(phone.page), false, 'the phone is signed out at once');
    assert.equal(new URL(phone.page.url()).pathname, '/login');

    assert.equal(await stillSignedIn(spare.page), true);
    await Promise.all([desk.page.waitForURL(/notice=others/), desk.page.click('text=Sign out everywhere else')]);
    assert.equal(await stillSignedIn(spare.page), false, 'everywhere else is signed out');
    assert.equal(await stillSignedIn(desk.page), true, 'this browser stays');
    assert.equal(await desk.page.locator('table.sessions tbody tr').count(), 1);

    await desk.page.setViewportSize({ width: 390, height: 844 });
    await desk.page.screenshot({ path: `${SHOTS}/account-security-phone.png`, fullPage: true });
    await Promise.all([desk.page.waitForURL(`${suite.lightbox.url}/login`), desk.page.getByRole('button', { name: /^Sign out/ }).first().click()]);
    assert.equal(await stillSignedIn(desk.page), false, 'signing out this browser from the list ends it too');
    assert.deepEqual([...desk.problems, ...phone.problems, ...spare.problems], [], 'no script error or CSP violation');
    for (const c of [desk, phone, spare]) await c.context.close();
  });

  test('the sign-in alerts switch: off at first, saved on, shown on, saved off (issue #20)', async () => {
    const { context, page, problems } = await signedIn({ viewport: { width: 390, height: 844 } });
    await page.goto(`${suite.lightbox.url}/account/security`);
    const box = page.getByLabel(/Email me when my password is used to sign in/);
    assert.equal(await box.isChecked(), false, 'off until asked for');
    await box.check();
    await Promise.all([page.waitForURL(/notice=alerts-on/), page.locator('form[action="/account/security/sign-in-alerts"] button').click()]);
    assert.match(await page.textContent('[role=status]') ?? '', /Sign-in alerts are on/);
    assert.equal(await page.getByLabel(/Email me when my password is used to sign in/).isChecked(), true, 'the page shows it on');
    await page.locator('form[action="/account/security/sign-in-alerts"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/account-security-sign-in-alerts.png` });
    await page.getByLabel(/Email me when my password is used to sign in/).uncheck();
    await Promise.all([page.waitForURL(/notice=alerts-off/), page.locator('form[action="/account/security/sign-in-alerts"] button').click()]);
    assert.equal(await page.getByLabel(/Email me when my password is used to sign in/).isChecked(), false);
    assert.ok(await page.evaluate<number>('document.documentElement.scrollWidth') <= 390, 'fits a phone');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
