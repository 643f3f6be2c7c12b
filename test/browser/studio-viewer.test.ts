// Issue #18, the studio app for a member with the viewer role, in Chromium against a real `lightbox serve --demo`:
// the dashboard, a collection, its activity and a gallery open read-only (no create, save, upload, cover, order or
// delete controls; the settings shown but disabled), the share box still gives the link, and the API refuses a write
// made with the viewer's own session. Desktop and phone widths; axe finds no serious problem.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkip } from '../helpers/chromium.ts';
import { demoInChromium, SHOTS } from '../helpers/demo-browser.ts';
import { seriousViolations } from '../helpers/page-checks.ts';
import { signedInStudio, studioApi } from '../helpers/studio-browser.ts';

const SKIP = browserSkip('the studio viewer-role pages tests');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const VIEWER = { email: 'noor.viewer@example.test', username: 'noor', password: 'only looking, never touching' };

describe('the studio app for a viewer in Chromium', { skip: SKIP }, () => {
  const suite = demoInChromium();
  const problems: string[] = [];

  test('dashboard, collection, activity and gallery are read-only; the API refuses the viewer\'s write', async () => {
    // The owner invites a viewer, who accepts with a new account.
    const owner = await signedInStudio(suite.browser, suite.lightbox, DESKTOP, problems);
    const invitation = await studioApi<{ link: string }>(owner.context, suite.lightbox.url, 'POST', '/api/v1/invitations', { role: 'viewer' });
    const token = invitation.link.split('/invite/')[1];
    const accepted = await fetch(`${suite.lightbox.url}/api/auth/invitations/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, account: VIEWER }),
    });
    assert.equal(accepted.status, 201, await accepted.text());
    const collections = await studioApi<Array<{ id: string; name: string }>>(owner.context, suite.lightbox.url, 'GET', '/api/v1/collections');
    const collection = collections[0]!;
    const galleries = await studioApi<Array<{ id: string }>>(owner.context, suite.lightbox.url, 'GET', `/api/v1/collections/${collection.id}/galleries`);
    const galleryId = galleries[0]!.id;
    await owner.context.close();

    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { context, page } = await signedInStudio(suite.browser, suite.lightbox, viewport, problems, { email: VIEWER.email, password: VIEWER.password, expected: /status of 403/ });

      // The dashboard lists the collections, with nothing to create.
      assert.match(await page.locator('main').textContent() ?? '', new RegExp(collection.name.replace(/[()]/g, '\\$&')));
      assert.equal(await page.getByRole('link', { name: 'New collection' }).count(), 0, 'no "New collection" for a viewer');
      assert.deepEqual(await seriousViolations(page), [], `axe: the dashboard (${name})`);

      // A collection: the settings are shown, every field disabled, and there is no save or gallery form; the link is shared.
      await page.goto(`${suite.lightbox.url}/studio/collections/${collection.id}`);
      assert.equal(await page.inputValue('#name'), collection.name);
      assert.equal(await page.locator('#name').isDisabled(), true, 'the name cannot be edited');
      assert.ok(await page.locator('#collection-form :is(input, select, textarea)').count() > 10, 'the settings are all shown');
      assert.equal(await page.locator('#collection-form :is(input, select, textarea):enabled').count(), 0, 'no control of the settings can be changed');
      assert.match(await page.textContent('#password-hint') ?? '', /^The gallery has a password \(kept hashed/, 'the hint says what is, not what to type');
      assert.match(await page.textContent('#pin-hint') ?? '', /^Downloads need (a|no) PIN\.$/);
      assert.equal(await page.locator('#remove-password, #remove-pin').count(), 0, 'no remove choices');
      assert.equal(await page.locator('#save').count(), 0, 'no save button');
      assert.equal(await page.locator('#gallery-form').count(), 0, 'no form to add a gallery');
      assert.equal(await page.locator('.delete-gallery').count(), 0, 'no gallery delete buttons');
      assert.match(await page.locator('#share').textContent() ?? '', /Share with your clients/);
      if (name === 'desktop') await page.screenshot({ path: `${SHOTS}/studio-viewer-collection-desktop.png`, fullPage: true });
      assert.deepEqual(await seriousViolations(page), [], `axe: the collection (${name})`);

      // Its activity page is theirs to read.
      await page.goto(`${suite.lightbox.url}/studio/collections/${collection.id}/activity`);
      assert.equal(await page.locator('svg').first().isVisible(), true, 'the activity chart');

      // A gallery: its photos, without upload, sort, cover, move or delete.
      await page.goto(`${suite.lightbox.url}/studio/galleries/${galleryId}`);
      assert.ok(await page.locator('#photos li').count() > 0, 'the photos are listed');
      assert.equal(await page.locator('input[type=file]').count(), 0, 'no upload');
      assert.equal(await page.locator('#sort-form').count(), 0, 'no sort');
      assert.equal(await page.locator('#photos button').count(), 0, 'no cover, move or delete buttons');
      assert.equal(await page.locator('#photos li[draggable=true]').count(), 0, 'nothing to drag');
      await page.screenshot({ path: `${SHOTS}/studio-viewer-gallery-${name}.png`, fullPage: true });
      assert.deepEqual(await seriousViolations(page), [], `axe: the gallery (${name})`);

      // And a write with the viewer's own session is refused by the API.
      const csrf = (await context.cookies(suite.lightbox.url)).find((c) => c.name === 'csrftoken')?.value ?? '';
      const write = await context.request.fetch(`${suite.lightbox.url}/api/v1/collections/${collection.id}`, { method: 'PATCH', headers: { 'x-csrftoken': csrf }, data: { name: 'Renamed by a viewer' } });
      assert.deepEqual([write.status(), (await write.json()).code], [403, 'insufficient_permissions']);
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
});
