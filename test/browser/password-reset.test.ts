// issue #20: password reset in Chromium against a real `lightbox serve --demo` without SMTP: ask on the page (from
// the login page's "Forgot password?"), read the message the server wrote to data/outbox/, open its link, set a new
// password, log in with it; a session open in a second browser context is refused afterwards, and the link is spent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { resetLinkIn } from '../helpers/mail.ts';

const SKIP = browserSkip('the password reset page tests');
const NEW_PASSWORD = 'lanterns over the harbour at dusk';

/** The first .eml the server wrote (polled: the worker writes it just after the page answered). */
async function firstMessage(dir: string): Promise<Buffer> {
  const until = Date.now() + 15_000;
  for (;;) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
    if (files[0]) return readFileSync(join(dir, files[0]));
    if (Date.now() > until) throw new Error(`no message in ${dir}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('password reset in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();

  test('request on the page, open the mailed link, set a new password, log in; the other browser is signed out', async () => {
    const demo = suite.lightbox.demo!;
    const outbox = join(suite.lightbox.dataDir, 'outbox');
    assert.ok(suite.lightbox.output.some((l) => l.startsWith(`mail is not configured; messages are written to ${outbox}`)), suite.lightbox.output.join('\n'));

    // A second browser, signed in with the old password.
    const other = await suite.browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${suite.lightbox.url}/login`);
    await otherPage.fill('#email', demo.email);
    await otherPage.fill('#password', demo.password);
    await Promise.all([otherPage.waitForURL(`${suite.lightbox.url}/`), otherPage.click('button[type=submit]')]);

    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
    await page.goto(`${suite.lightbox.url}/login`);
    await Promise.all([page.waitForURL(`${suite.lightbox.url}/password-reset`), page.click('text=Forgot password?')]);
    await page.fill('#email', demo.email);
    await page.click('button[type=submit]');
    assert.match(await page.locator('[role=status]').textContent() ?? '', /If an account uses this email address/);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the request form with its answer');

    const mail = await simpleParser(await firstMessage(outbox));
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : [], [demo.email]);
    const { link } = resetLinkIn(mail.text ?? '');
    assert.ok(link.startsWith(`${suite.lightbox.url}/password-reset/complete#token=`), `the link points at this server: ${link}`);
    const logged = suite.lightbox.output.join('\n');
    assert.ok(logged.includes('mail_written'), 'the message is logged');
    assert.ok(!logged.includes(link.split('#token=')[1] ?? '-'), 'the log does not carry the token');

    await page.goto(link);
    await page.waitForURL((u) => u.hash === '');
    assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
    await page.fill('#password', 'short');
    // The browser's own minlength check does not apply (none is set): the server's policy answers on the page.
    await page.click('button[type=submit]');
    assert.match(await page.locator('#password-error').textContent() ?? '', /at least/i);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/password-reset-weak.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: the reset form with its error');
    await page.fill('#password', NEW_PASSWORD);
    await page.click('button[type=submit]');
    assert.match(await page.locator('h2').textContent() ?? '', /Your password has been changed/);
    await page.screenshot({ path: `${SHOTS}/password-reset-done.png`, fullPage: true });

    await Promise.all([page.waitForURL(`${suite.lightbox.url}/login`), page.click('a[href="/login"]')]);
    await page.fill('#email', demo.email);
    await page.fill('#password', NEW_PASSWORD);
    await Promise.all([page.waitForURL(`${suite.lightbox.url}/`), page.click('button[type=submit]')]);

    await otherPage.goto(`${suite.lightbox.url}/account/security`);
    assert.equal(new URL(otherPage.url()).pathname, '/login', 'the other browser\'s session was ended');

    // The link is spent.
    await page.goto(link);
    await page.waitForURL((u) => u.hash === '');
    await page.fill('#password', 'one more passphrase for the road');
    await page.click('button[type=submit]');
    assert.match(await page.locator('h2').textContent() ?? '', /This link no longer works/);
    await page.screenshot({ path: `${SHOTS}/password-reset-spent.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'axe: a spent link');
    assert.deepEqual(problems, []);
    await other.close();
    await context.close();
  });
});
