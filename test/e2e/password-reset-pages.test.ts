// issue #20: the password-reset pages answer as pages: the neutral notice, the throttle, a weak password and a spent
// link each render as the page's own message (never a JSON body or a generic error page); cross-site posts are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, type TestApp } from '../helpers/app.ts';
import { outbox, resetLinkIn } from '../helpers/mail.ts';

const HTML = { accept: 'text/html,application/xhtml+xml', 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const post = (t: TestApp, url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...HTML, ...headers }, payload: form(fields) });

test('the reset pages: request notice, weak password and spent link messages, throttle message, login link', async () => {
  const t = await buildTestApp({ server: { publicUrl: 'https://photos.example.test' }, passwordReset: { perAccount: 2 } });
  try {
    const login = await t.app.inject({ method: 'GET', url: '/login' });
    assert.match(login.body, /<a href="\/password-reset">Forgot password\?<\/a>/);
    const blank = await t.app.inject({ method: 'GET', url: '/password-reset' });
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /<form method="post" action="\/password-reset">/);

    const u = await createUser(t);
    const sent = await post(t, '/password-reset', { email: u.email });
    assert.equal(sent.statusCode, 200);
    assert.match(String(sent.headers['content-type']), /^text\/html/);
    assert.match(sent.body, /If an account uses this email address/);
    assert.equal((await post(t, '/password-reset', { email: 'nobody@example.test' })).body, sent.body, 'the same page for an unknown address');

    const { token } = resetLinkIn((await outbox(t))[0]?.text ?? '');
    const page = await t.app.inject({ method: 'GET', url: '/password-reset/complete' });
    assert.match(page.body, /<script src="\/assets\/password-reset.js"><\/script>/);
    assert.match(page.body, /<input type="hidden" name="token" value="">/);
    const script = await t.app.inject({ method: 'GET', url: '/assets/password-reset.js' });
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.match(script.body, /history\.replaceState/);

    const weak = await post(t, '/password-reset/complete', { token, password: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /class="field-error" id="password-error">Password must be at least 15 characters long\./);
    assert.ok(weak.body.includes(`name="token" value="${token}"`), 'the token stays in the form for the next try');
    const done = await post(t, '/password-reset/complete', { token, password: 'a long enough passphrase now' });
    assert.equal(done.statusCode, 200, done.body);
    assert.match(done.body, /Your password has been changed/);
    const spent = await post(t, '/password-reset/complete', { token, password: 'a long enough passphrase now' });
    assert.equal(spent.statusCode, 400);
    assert.match(spent.body, /This link no longer works/);
    assert.match(spent.body, /<a href="\/password-reset">Ask for a new link<\/a>/);

    assert.equal((await post(t, '/password-reset', { email: u.email })).statusCode, 200, 'the second request for this address is allowed');
    const refused = await post(t, '/password-reset', { email: u.email });
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(refused.body, /Too many reset requests\. Try again in \d+ minutes\./);
    assert.ok(refused.body.includes(`value="${u.email}"`), 'what was typed stays in the field');

    const json = await t.app.inject({ method: 'POST', url: '/password-reset', payload: { email: 'someone@example.test' } });
    assert.equal(json.statusCode, 202, 'a JSON client of the page route gets the API\'s answer');
  } finally {
    await t.close();
  }
});

test('a cross-site form post to either reset page is refused before anything is sent or changed', async () => {
  const t = await buildTestApp({ server: { publicUrl: 'https://photos.example.test' } });
  try {
    const u = await createUser(t);
    for (const [url, fields] of [['/password-reset', { email: u.email }], ['/password-reset/complete', { token: 'A'.repeat(43), password: 'a long enough passphrase now' }]] as const) {
      const res = await post(t, url, fields, { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' });
      assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
    }
    assert.equal((await outbox(t)).length, 0);
  } finally {
    await t.close();
  }
});
