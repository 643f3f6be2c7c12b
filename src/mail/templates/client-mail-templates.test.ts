// The templates of issue #20's client mail: every value a studio or a person chose is escaped in the HTML part and
// kept to one line in the subject; the brand falls back to the product name; no template leaks what it must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { galleryReadyMail } from './gallery-ready.ts';
import { expiryReminderMail } from './expiry-reminder.ts';
import { newSignInMail } from './new-sign-in.ts';
import { emailCodeMail } from './email-code.ts';

const HOSTILE_STUDIO = 'Ink & <Iron>\r\nBcc: eve@example.test';
const HOSTILE_COLLECTION = '"Quote" <img src=x onerror=alert(1)>\nline';

const all = [
  galleryReadyMail({ studioName: HOSTILE_STUDIO, collectionName: HOSTILE_COLLECTION, link: 'https://p.test/galleries/login?collection=a&b', expiryDate: '2026-02-28', passwordProtected: true, message: 'Hi <b>there</b>' }),
  expiryReminderMail({ studioName: HOSTILE_STUDIO, collectionName: HOSTILE_COLLECTION, link: 'https://p.test/g', expiryDate: '2026-02-28', remainingMs: 3_600_000, passwordProtected: false }),
  newSignInMail({ firstName: '<Ann>', studioName: HOSTILE_STUDIO, at: Date.UTC(2026, 1, 3, 7, 5), device: 'Firefox <133>', network: '203.0.113.x', securityLink: 'https://p.test/account/security' }),
  emailCodeMail({ studioName: HOSTILE_STUDIO, collectionName: HOSTILE_COLLECTION, code: '042917', expiresInMinutes: 10 }),
];

test('subjects are one line; the HTML parts escape every name, note and value', () => {
  for (const m of all) {
    assert.doesNotMatch(m.subject, /[\r\n]/, m.subject);
    assert.ok(!m.html.includes('<Iron>') && !m.html.includes('<img') && !m.html.includes('<b>') && !m.html.includes('<Ann>') && !m.html.includes('<133>'), m.html);
    assert.match(m.html, /Ink &amp; &lt;Iron&gt;/, 'the studio name, escaped, is the brand');
  }
  assert.ok(all[0]?.html.includes('href="https://p.test/galleries/login?collection=a&amp;b"'), 'a link is escaped in its attribute');
});

test('what each says: the expiry and password hint, less than a day left, the time in UTC, the code only in the body', () => {
  const [ready, reminder, signIn, code] = all;
  assert.match(ready?.text ?? '', /available until 28 February 2026/);
  assert.match(ready?.text ?? '', /gallery password Ink & <Iron> Bcc: eve@example.test gave you/);
  assert.match(reminder?.text ?? '', /closes at the end of 28 February 2026 \(UTC\), in less than a day/);
  assert.match(signIn?.subject ?? '', /^New sign-in to your Ink & <Iron> Bcc: eve@example\.test account$/);
  assert.match(signIn?.text ?? '', /When: 3 February 2026, 07:05 UTC/);
  assert.doesNotMatch(code?.subject ?? '', /042917/);
  assert.match(code?.text ?? '', /^042917$/m);
  assert.equal(newSignInMail({ firstName: '', studioName: null, at: 0, device: 'x', network: 'y', securityLink: 'z' }).subject, 'New sign-in to your Lightbox account');
});
