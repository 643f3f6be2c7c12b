// Issue #20 (members) in Chromium against a real `lightbox serve --demo`: the owner invites from /studio/members and
// copies the link shown once; a second browser opens it, creates an account and lands in the studio; the owner changes
// the role (the member's next page shows it) and removes the member, whose very next request is refused. Screenshots
// at phone (390 px) and desktop widths; axe finds no serious problem on either page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';

const SKIP = browserSkip('the members page tests');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const NEWCOMER = { email: 'second.shooter@example.test', username: 'secondshooter', first: 'Sam', last: 'Shooter', password: 'the tide comes in at seven' };


describe('the members page and an invitation in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();
  const problems: string[] = [];

  async function context(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const ctx = await suite.browser.newContext({ viewport });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // 4xx answers the pages handle themselves (a refused request in the removed member's browser) are not problems.
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
    return { context: ctx, page };
  }

  test('invite, accept in a second browser, change the role, remove: the member is refused at once', async () => {
    const owner = await context(DESKTOP);
    const op = owner.page;
    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.lightbox.url });
    await op.goto(`${suite.lightbox.url}/login`);
    await op.fill('#email', suite.lightbox.demo!.email);
    await op.fill('#password', suite.lightbox.demo!.password);
    await Promise.all([op.waitForURL(`${suite.lightbox.url}/`), op.click('button[type=submit]')]);
    await Promise.all([op.waitForURL(`${suite.lightbox.url}/studio/members`), op.getByRole('navigation', { name: 'Studio' }).getByRole('link', { name: 'Members' }).click()]);
    assert.match(await op.locator('h2').first().textContent() ?? '', /Members of Demo Studio/);
    assert.equal(await op.locator('#members tbody tr').count(), 1, 'the demo owner alone');
    assert.deepEqual(await seriousViolations(op), [], 'axe: the members page');
    // The studio's only owner cannot step down: the page says why (409 last_owner from the API).
    const self = op.locator('#members tbody tr').first();
    await self.locator('select').selectOption('admin');
    await self.getByRole('button', { name: 'Save' }).click();
    await op.locator('#problem').waitFor({ state: 'visible' });
    assert.match(await op.locator('#problem').textContent() ?? '', /at least one owner/);
    await op.reload();
    assert.equal(await op.locator('#members tbody tr').first().locator('select').inputValue(), 'owner');

    // The link is shown once, with a copy button; the invitation is listed as pending.
    await op.selectOption('#invite-role', 'member');
    await op.click('#invite-form button[type=submit]');
    await op.locator('#invite-result').waitFor({ state: 'visible' });
    const link = await op.inputValue('#invite-link');
    assert.match(link, new RegExp(`^${suite.lightbox.url}/invite/[A-Za-z0-9_-]{43}$`));
    await op.click('#copy-link');
    await op.locator('#copy-link', { hasText: 'Copied' }).waitFor();
    assert.equal(await op.evaluate<string>('navigator.clipboard.readText()'), link, 'the copy button put the link on the clipboard');
    assert.equal(await op.locator('#invitations tbody tr').count(), 1);
    assert.match(await op.locator('#invitations tbody tr').textContent() ?? '', /Anyone with the link/);
    await op.screenshot({ path: `${SHOTS}/members-invite-desktop.png`, fullPage: true });
    await op.reload();
    assert.equal(await op.locator('#invite-result').isVisible(), false, 'after a reload the link is gone for good');
    assert.ok(!(await op.content()).includes(link), 'the page never shows the link again');

    // A second browser, at phone width: the invitation page names the studio and role; a weak password is refused.
    const member = await context(PHONE);
    const mp = member.page;
    await mp.goto(link);
    assert.match(await mp.locator('h2').textContent() ?? '', /Join Demo Studio/);
    assert.match(await mp.locator('main').textContent() ?? '', /as a member/);
    assert.deepEqual(await seriousViolations(mp), [], 'axe: the invitation page');
    await mp.fill('#email', NEWCOMER.email);
    await mp.fill('#username', NEWCOMER.username);
    await mp.fill('#first_name', NEWCOMER.first);
    await mp.fill('#last_name', NEWCOMER.last);
    await mp.fill('#password', 'short');
    await mp.click('#account-form button[type=submit]');
    await mp.locator('#password-error').waitFor({ state: 'visible' });
    assert.match(await mp.locator('#password-error').textContent() ?? '', /at least/i);
    assert.equal(await mp.getAttribute('#password', 'aria-invalid'), 'true');
    await mp.screenshot({ path: `${SHOTS}/invite-phone.png`, fullPage: true });
    await mp.fill('#password', NEWCOMER.password);
    await Promise.all([mp.waitForURL(`${suite.lightbox.url}/`), mp.click('#account-form button[type=submit]')]);
    assert.match(await mp.locator('main').textContent() ?? '', /Welcome, Sam/);
    assert.match(await mp.locator('dl').textContent() ?? '', /Demo Studio \(member\)/, 'the new member sees the studio');
    await mp.goto(link);
    assert.match(await mp.locator('main').textContent() ?? '', /already been used/, 'the link works once');

    // The owner changes the role; the member's next page shows it.
    await op.reload();
    const row = op.locator('#members tbody tr', { hasText: NEWCOMER.email });
    assert.equal(await row.count(), 1, 'the new member is listed');
    assert.equal(await op.locator('#invitations tbody tr').count(), 0, 'the used invitation is no longer pending');
    await row.locator('select').selectOption('viewer');
    await Promise.all([op.waitForURL(/notice=role_changed/), row.getByRole('button', { name: 'Save' }).click()]);
    assert.match(await op.locator('#status').textContent() ?? '', /role is changed/);
    assert.equal(await op.locator('#members tbody tr', { hasText: NEWCOMER.email }).locator('select').inputValue(), 'viewer');
    await mp.goto(`${suite.lightbox.url}/`);
    assert.match(await mp.locator('dl').textContent() ?? '', /Demo Studio \(viewer\)/);
    await mp.goto(`${suite.lightbox.url}/studio/members`);
    assert.equal(await mp.locator('#invite-form').count(), 0, 'a viewer sees no invite form');
    await mp.screenshot({ path: `${SHOTS}/members-viewer-phone.png`, fullPage: true });

    // The owner removes the member (the button asks once more); the member's very next request is refused.
    await op.setViewportSize(PHONE);
    await op.screenshot({ path: `${SHOTS}/members-phone.png`, fullPage: true });
    const remove = op.locator('#members tbody tr', { hasText: NEWCOMER.email }).getByRole('button', { name: /Remove Sam Shooter/ });
    await remove.click();
    const confirm = op.getByRole('button', { name: 'Confirm: remove Sam Shooter' });
    assert.equal(await confirm.count(), 1, 'the second press is named for what it does');
    await Promise.all([op.waitForURL(/notice=removed/), confirm.click()]);
    assert.equal(await op.locator('#members tbody tr').count(), 1);
    await op.setViewportSize(DESKTOP);
    await op.screenshot({ path: `${SHOTS}/members-removed-desktop.png`, fullPage: true });

    // An invitation bound to an address is mailed; withdrawn from the page, it leaves the pending list.
    await op.fill('#invite-email', 'later@example.test');
    await op.selectOption('#invite-role', 'viewer');
    await op.click('#invite-form button[type=submit]');
    await op.locator('#invitations tbody tr', { hasText: 'later@example.test' }).waitFor();
    assert.match(await op.locator('#status').textContent() ?? '', /on its way to later@example\.test/);
    await op.getByRole('button', { name: 'Withdraw the invitation for later@example.test' }).click();
    await op.getByRole('button', { name: 'Confirm: withdraw' }).click();
    await op.locator('#no-invitations').waitFor({ state: 'visible' });
    assert.equal(await op.locator('#invitations').isVisible(), false);
    assert.match(await op.locator('#status').textContent() ?? '', /withdrawn/);

    const status = await mp.evaluate<number>("fetch('/api/auth/me', { headers: { accept: 'application/json' } }).then((r) => r.status)");
    assert.equal(status, 401, 'the removed member\'s next request is refused');
    await mp.goto(`${suite.lightbox.url}/studio/members`);
    assert.equal(new URL(mp.url()).pathname, '/login', 'and their pages send them to the login');

    assert.deepEqual(problems, [], 'no script error or CSP violation');
    await owner.context.close();
    await member.context.close();
  });
});
