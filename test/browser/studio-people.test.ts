// Issue #18, the studio app in Chromium against a real `lightbox serve --demo`: the account page (names saved; the
// password changed with the browser still signed in and the new password working; a personal access token and an
// application key each shown once, copied, working, then revoked and refused) and the clients page (a client added,
// listed with the collection whose client list names them). Desktop and phone widths; axe finds no serious problem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { signedInStudio, type StudioBrowser } from '../helpers/studio-browser.ts';

const SKIP = browserSkip('the studio account and clients pages tests');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const NEW_PASSWORD = 'a lighthouse keeps the harbour';

describe('the account page and the clients page in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();
  const problems: string[] = [];

  const signedIn = (viewport: { width: number; height: number }, password?: string): Promise<StudioBrowser> =>
    signedInStudio(suite.browser, suite.lightbox, viewport, problems, password === undefined ? {} : { password });

  const status = async (path: string, headers: Record<string, string>): Promise<number> => (await fetch(`${suite.lightbox.url}${path}`, { headers })).status;

  test('profile, password, a token and a key shown once and revoked; a client added and shown with its collection', async () => {
    const { context, page } = await signedIn(DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.lightbox.url });
    await Promise.all([page.waitForURL(`${suite.lightbox.url}/account`), page.getByRole('navigation', { name: 'Studio' }).getByRole('link', { name: 'Account' }).click()]);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the account page');

    // Names.
    await page.fill('#first-name', 'Mara');
    await page.fill('#last-name', 'Okafor');
    await page.click('#profile-form button[type=submit]');
    await page.locator('#status', { hasText: 'Your profile is saved' }).waitFor();
    await page.reload();
    assert.deepEqual([await page.inputValue('#first-name'), await page.inputValue('#last-name')], ['Mara', 'Okafor']);

    // A token: shown once, copied, works as a Bearer token within its scopes, then revoked and refused.
    await page.fill('#token-name', 'Nightly export');
    await page.fill('#token-password', suite.lightbox.demo!.password);
    await page.click('#token-form button[type=submit]');
    await page.locator('#token-result').waitFor({ state: 'visible' });
    const token = await page.inputValue('#token-secret');
    assert.match(token, /^lbx_pat_/);
    await page.click('#token-result button.copy');
    await page.locator('#token-result button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), token);
    const bearer = { authorization: `Bearer ${token}`, accept: 'application/json' };
    assert.equal(await status('/api/v1/collections', bearer), 200, 'galleries:read lets it list collections');
    assert.equal(await status('/api/v1/clients', bearer), 403, 'and nothing its scopes leave out');
    assert.match(await page.locator('#tokens tbody').textContent() ?? '', /Nightly export[\s\S]*galleries:read/);
    await page.screenshot({ path: `${SHOTS}/studio-people-account-desktop.png`, fullPage: true });

    // An application key, the same way.
    await page.fill('#key-name', 'Booking form');
    await page.fill('#key-password', suite.lightbox.demo!.password);
    await page.click('#key-form button[type=submit]');
    await page.locator('#key-result').waitFor({ state: 'visible' });
    const key = await page.inputValue('#key-secret');
    assert.ok(key.length >= 20, 'a key');
    await page.click('#key-result button.copy');
    await page.locator('#key-result button.copy', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), key);

    await page.reload();
    const html = await page.content();
    assert.ok(!html.includes(token) && !html.includes(key), 'after a reload neither secret is anywhere on the page');
    assert.equal(await page.locator('#token-result').isVisible(), false);

    await page.getByRole('button', { name: 'Revoke the token Nightly export' }).click();
    await page.locator('#tokens button.revoke', { hasText: 'Revoke now' }).click();
    await page.locator('#status', { hasText: 'The token is revoked' }).waitFor();
    assert.equal(await status('/api/v1/collections', bearer), 401, 'a revoked token is refused at once');
    await page.getByRole('button', { name: 'Revoke the key Booking form' }).click();
    await page.locator('#keys button.revoke', { hasText: 'Revoke now' }).click();
    await page.locator('#status', { hasText: 'The key is revoked' }).waitFor();
    const keys = await context.request.get(`${suite.lightbox.url}/api/v1/app-keys`);
    assert.equal((await keys.json()).data.find((k: { name: string }) => k.name === 'Booking form')?.revoked, true);

    // The password: this browser stays in (its next call uses the new CSRF token), the new password logs in.
    await page.fill('#current-password', suite.lightbox.demo!.password);
    await page.fill('#new-password', NEW_PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.locator('#status', { hasText: 'Your password is changed' }).waitFor();
    await page.fill('#first-name', 'Mara J.');
    await page.click('#profile-form button[type=submit]');
    await page.locator('#status', { hasText: 'Your profile is saved' }).waitFor();
    const relogin = await fetch(`${suite.lightbox.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: suite.lightbox.url }, body: JSON.stringify({ email: suite.lightbox.demo!.email, password: NEW_PASSWORD }) });
    assert.equal(relogin.status, 200, 'the new password logs in');
    const old = await fetch(`${suite.lightbox.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', origin: suite.lightbox.url }, body: JSON.stringify({ email: suite.lightbox.demo!.email, password: suite.lightbox.demo!.password }) });
    assert.equal(old.status, 401, 'the old one no longer does');

    // Clients: add one, put them on a collection's client list, see it beside them.
    await Promise.all([page.waitForURL(`${suite.lightbox.url}/studio/clients`), page.getByRole('navigation', { name: 'Studio' }).getByRole('link', { name: 'Clients' }).click()]);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the clients page');
    await page.fill('#client-email', 'june.park@example.test');
    await page.fill('#client-first', 'June');
    await page.fill('#client-last', 'Park');
    await page.click('#client-form button[type=submit]');
    await page.locator('#status', { hasText: 'June Park is added' }).waitFor();
    const csrf = (await context.cookies(suite.lightbox.url)).find((c) => c.name === 'csrftoken')?.value ?? '';
    const made = await context.request.post(`${suite.lightbox.url}/api/v1/collections`, { headers: { 'x-csrftoken': csrf }, data: { name: 'June & Theo', client_emails: ['JUNE.PARK@example.test'] } });
    assert.equal(made.status(), 201, await made.text());
    const collectionId = (await made.json()).data.id as string;
    await page.reload();
    const row = page.locator('#clients tbody tr', { hasText: 'June Park' });
    assert.match(await row.textContent() ?? '', /June & Theo/);
    assert.equal(await row.locator('a').getAttribute('href'), `/studio/collections/${collectionId}`);
    await page.fill('#client-search', 'june');
    await Promise.all([page.waitForURL(/q=june/), page.click('form[role=search] button[type=submit]')]);
    assert.equal(await page.locator('#clients tbody tr').count(), 1, 'the search narrows the list');
    await page.screenshot({ path: `${SHOTS}/studio-people-clients-desktop.png`, fullPage: true });
    await context.close();

    const phone = await signedIn(PHONE, NEW_PASSWORD);
    for (const [path, name] of [['/account', 'account'], ['/studio/clients', 'clients']] as const) {
      await phone.page.goto(`${suite.lightbox.url}${path}`);
      const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `${path}: no sideways scrolling on a phone (${overflow} px)`);
      assert.deepEqual(await seriousViolations(phone.page), [], `axe: ${path} on a phone`);
      await phone.page.screenshot({ path: `${SHOTS}/studio-people-${name}-phone.png`, fullPage: true });
    }
    await phone.context.close();
    assert.deepEqual(problems, []);
  });
});
