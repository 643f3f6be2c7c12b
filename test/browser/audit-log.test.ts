// Issue #20: the audit log page in Chromium against a real `lightbox serve --demo`. A wrong and a right login leave
// events; the owner opens /studio/audit from the navigation, sees them newest first with who, from where and the
// device, filters by event kind and person (a plain GET form), and a viewer of the page who is not an owner or
// admin is told so. Screenshots at phone and desktop widths; axe finds no serious problem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';

const SKIP = browserSkip('the audit log page test');


describe('the audit log page in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();

  test('events of a wrong and a right login, newest first; filters by kind and person; phone and desktop', async () => {
    const problems: string[] = [];
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await suite.browser.newContext({ viewport, userAgent: undefined });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${suite.lightbox.url}/login`);
      await page.fill('#email', suite.lightbox.demo!.email);
      await page.fill('#password', 'not the password');
      await page.click('button[type=submit]');
      await page.locator('[role=alert], .error').first().waitFor();
      await page.fill('#password', suite.lightbox.demo!.password);
      await Promise.all([page.waitForURL(`${suite.lightbox.url}/`), page.click('button[type=submit]')]);
      await Promise.all([page.waitForURL(`${suite.lightbox.url}/studio/audit`), page.getByRole('navigation', { name: 'Studio' }).getByRole('link', { name: 'Audit log' }).click()]);
      const rows = page.locator('#audit-events tbody tr');
      assert.ok(await rows.count() >= 2, 'at least the two logins');
      const kinds = await page.locator('#audit-events tbody tr td:nth-child(2)').allTextContents();
      const success = kinds.indexOf('login_succeeded');
      const failure = kinds.indexOf('login_failed');
      assert.ok(success >= 0 && failure >= 0, kinds.join(', '));
      assert.ok(success < failure, 'newest first: the success came after the failure');
      const successRow = rows.nth(success);
      assert.match(await successRow.textContent() ?? '', new RegExp(suite.lightbox.demo!.email.replace(/[.]/g, '\\.')), 'names who');
      assert.match(await successRow.textContent() ?? '', /127\.0\.0\.1/, 'and from where');
      assert.match(await successRow.textContent() ?? '', /Chrom/, 'and the device, readable');
      assert.deepEqual(await seriousViolations(page), [], `axe at ${viewport.width} px`);
      await page.screenshot({ path: resolve(SHOTS, `audit-log-${viewport.width}.png`), fullPage: true });

      await page.fill('#audit-kind', 'login_failed');
      await Promise.all([page.waitForURL(/kind=login_failed/), page.getByRole('button', { name: 'Show' }).click()]);
      const filtered = await page.locator('#audit-events tbody tr td:nth-child(2)').allTextContents();
      assert.ok(filtered.length >= 1 && filtered.every((k) => k === 'login_failed'), filtered.join(', '));
      await page.fill('#audit-kind', '');
      await page.selectOption('#audit-actor', { index: 1 });
      await Promise.all([page.waitForURL(/actor=us_/), page.getByRole('button', { name: 'Show' }).click()]);
      const people = await page.locator('#audit-events tbody tr td:nth-child(3)').allTextContents();
      assert.ok(people.length >= 1 && people.every((who) => who.includes(suite.lightbox.demo!.email)), people.join(' | '));
      await page.selectOption('#audit-actor', '');
      await page.fill('#audit-kind', 'no_such_event');
      await Promise.all([page.waitForURL(/kind=no_such_event/), page.getByRole('button', { name: 'Show' }).click()]);
      assert.match(await page.locator('#no-events').textContent() ?? '', /No event matches/);
      await page.goto(`${suite.lightbox.url}/studio/audit?since=not-a-date`);
      assert.match(await page.locator('#problem').textContent() ?? '', /dates as a day/, 'a bad date is a message on the page, not a 500');
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
