// issue #20, "Email": the opt-in alert for a password sign-in from an unknown device. Through the API: the setting
// (GET/PATCH /api/v1/account, default off, not for personal access tokens), then logins whose browser family and OS
// (Bowser) and network (IPv4 /24, IPv6 /48) none of the account's sessions or sign-ins of the last 90 days had. The
// alert goes through the outbox to a real SMTP server; its link to the security page is followed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, cookieOf, createUser, type TestApp, type TestUser } from '../helpers/app.ts';
import { eventually, linkIn, mailTo, outbox, recipientsOf } from '../helpers/mail.ts';
import { housekeeping } from '../../src/main.ts';
import { networkOf } from '../../src/http/sign-in-alerts.ts';

const PUBLIC_URL = 'https://photos.example.test';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const FIREFOX_LINUX_NEWER = 'Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0';
const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DAY = 86_400;

interface Device { agent: string; ip: string }

function signIn(t: TestApp, u: TestUser, d: Device, payload: Record<string, unknown> = {}, url = '/api/auth/login'): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url, remoteAddress: d.ip, headers: { 'user-agent': d.agent }, payload: { email: u.email, password: u.password, ...payload } });
}

async function cookieSession(t: TestApp, u: TestUser, d: Device): Promise<Record<string, string>> {
  const res = await signIn(t, u, d);
  assert.equal(res.statusCode, 201, res.body);
  const session = cookieOf(res, t.config.cookies.session)?.value ?? '';
  const csrf = cookieOf(res, t.config.cookies.csrf)?.value ?? '';
  return { cookie: `${t.config.cookies.session}=${session}; ${t.config.cookies.csrf}=${csrf}`, 'x-csrf-token': csrf };
}

const alerts = async (t: TestApp): Promise<number> => (await outbox(t)).filter((m) => m.kind === 'new_sign_in').length;

describe('new sign-in alerts', () => {
  test('off by default; once on, a new browser, OS or network is mailed (time, device, network, working link); a known one is not', async () => {
    const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL } });
    const inbox = await mailTo(t);
    try {
      const u = await createUser(t, { studio: 'Northlight Photography' });
      const laptop = { agent: FIREFOX_LINUX, ip: '203.0.113.5' };
      const headers = await cookieSession(t, u, laptop);
      const account = await t.app.inject({ method: 'GET', url: '/api/v1/account', headers });
      assert.equal(account.statusCode, 200);
      assert.deepEqual(account.json().data, { id: u.id, username: u.username, email: u.email, first_name: 'Test', last_name: 'User', notify_new_sign_in: false });
      assert.equal((await signIn(t, u, { agent: CHROME_WINDOWS, ip: '198.51.100.9' })).statusCode, 201);
      assert.equal(await alerts(t), 0, 'not asked for: nothing sent');

      const on = await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers, payload: { notify_new_sign_in: true } });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal(on.json().data.notify_new_sign_in, true);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/account', headers })).json().data.notify_new_sign_in, true);

      // Known: the same browser family and OS in the same /24, a newer version, a token-mode or JWT sign-in from it.
      assert.equal((await signIn(t, u, { agent: FIREFOX_LINUX_NEWER, ip: '203.0.113.77' })).statusCode, 201);
      assert.equal((await signIn(t, u, laptop, { mode: 'token' })).statusCode, 200);
      assert.equal((await signIn(t, u, laptop, {}, '/api/auth/token/obtain')).statusCode, 200);
      assert.equal((await signIn(t, u, { agent: CHROME_WINDOWS, ip: '198.51.100.200' })).statusCode, 201, 'seen before alerts were on: known');
      assert.equal(await alerts(t), 0);

      // New network, new OS and browser, one each.
      t.clock.advance(3600);
      const phone = { agent: SAFARI_IPHONE, ip: '192.0.2.44' };
      assert.equal((await signIn(t, u, phone)).statusCode, 201);
      await eventually(() => inbox.received.length === 1, 'the alert');
      const mail = inbox.received[0];
      assert.ok(mail);
      assert.deepEqual(recipientsOf(mail), [u.email]);
      assert.equal(mail.subject, 'New sign-in to your Northlight Photography account');
      const text = mail.text ?? '';
      assert.match(text, /When: 1 January 2026, 01:00 UTC/);
      assert.match(text, /Device: Safari 17 on iOS/);
      assert.match(text, /Network: 192\.0\.2\.x/);
      assert.ok(!text.includes('192.0.2.44'), 'never the full address');
      const link = linkIn(text, PUBLIC_URL);
      assert.equal(link, `${PUBLIC_URL}/account/security`);
      const page = await t.app.inject({ method: 'GET', url: new URL(link).pathname, headers: { ...headers, accept: 'text/html' } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Safari 17 on iOS/, 'the security page lists the new session, ready to be ended');
      assert.equal((await t.app.inject({ method: 'GET', url: new URL(link).pathname, headers: { accept: 'text/html' } })).headers.location, '/login', 'signed out, it asks for a login first');

      assert.equal((await signIn(t, u, phone)).statusCode, 201);
      assert.equal((await signIn(t, u, { agent: SAFARI_IPHONE, ip: '192.0.2.200' }, {}, '/api/auth/token/obtain')).statusCode, 200);
      assert.equal(await alerts(t), 1, 'the phone is known now');
      assert.equal((await signIn(t, u, { agent: CHROME_WINDOWS, ip: '203.0.113.5' })).statusCode, 201, "the laptop's network with another browser");
      assert.equal((await signIn(t, u, { agent: FIREFOX_LINUX, ip: '203.0.114.5' }, { mode: 'token' })).statusCode, 200, 'the laptop browser in the next /24');
      assert.equal(await alerts(t), 3);
      const page2 = await t.app.inject({ method: 'POST', url: '/login', remoteAddress: '100.64.0.1', headers: { 'user-agent': CHROME_WINDOWS, accept: 'text/html' }, payload: { email: u.email, password: u.password } });
      assert.equal(page2.statusCode, 303, 'the login page too');
      assert.equal(await alerts(t), 4);
      await eventually(() => inbox.received.length === 4, 'four alerts');
      const events = await t.app.inject({ method: 'GET', url: '/api/v1/audit-events?kind=new_device_sign_in,sign_in_alerts_changed', headers });
      assert.deepEqual((events.json().data as Array<{ kind: string }>).map((e) => e.kind).sort(), ['new_device_sign_in', 'new_device_sign_in', 'new_device_sign_in', 'new_device_sign_in', 'sign_in_alerts_changed']);

      const off = await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers, payload: { notify_new_sign_in: false } });
      assert.equal(off.json().data.notify_new_sign_in, false);
      assert.equal((await signIn(t, u, { agent: CHROME_WINDOWS, ip: '100.100.0.1' })).statusCode, 201);
      assert.equal(await alerts(t), 4, 'turned off again');
    } finally {
      await inbox.close();
      await t.close();
    }
  });

  test('a client that sends no User-Agent (a script) is a device too: its new network is mailed, then it is known', async () => {
    const t = await buildTestApp();
    try {
      const u = await createUser(t);
      const headers = await cookieSession(t, u, { agent: FIREFOX_LINUX, ip: '203.0.113.5' });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers, payload: { notify_new_sign_in: true } });
      const script = (ip: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { 'user-agent': undefined }, payload: { email: u.email, password: u.password, mode: 'token' } });
      assert.equal((await script('198.51.100.7')).statusCode, 200);
      assert.equal(await alerts(t), 1, 'a new device: no browser, no OS, another network');
      assert.match((await outbox(t)).at(-1)?.text ?? '', /Device: an unknown browser/);
      assert.equal((await script('198.51.100.8')).statusCode, 200);
      assert.equal(await alerts(t), 1, 'the same script in the same /24 is known');
      assert.deepEqual(t.logs.records().filter((r) => r.event === 'sign_in_alert_failed'), [], 'the check itself never failed');
    } finally {
      await t.close();
    }
  });

  test('IPv6 networks are /48; an IPv4-mapped address counts as IPv4', async () => {
    assert.deepEqual(networkOf('2001:db8:1:2::5'), { key: '2001:db8:1::/48', label: '2001:db8:1::/48' });
    assert.deepEqual(networkOf('2001:0db8:0001:ffff:0:0:0:9'), networkOf('2001:db8:1:2::5'));
    assert.notDeepEqual(networkOf('2001:db8:2::1'), networkOf('2001:db8:1::1'));
    assert.deepEqual(networkOf('::ffff:203.0.113.9'), networkOf('203.0.113.200'));
    assert.deepEqual(networkOf('::1'), { key: '0:0:0::/48', label: '0:0:0::/48' });
    assert.equal(networkOf('not an address'), null);
    assert.equal(networkOf(null), null);

    const t = await buildTestApp();
    try {
      const u = await createUser(t);
      const headers = await cookieSession(t, u, { agent: FIREFOX_LINUX, ip: '2001:db8:1:2::5' });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers, payload: { notify_new_sign_in: true } });
      assert.equal((await signIn(t, u, { agent: FIREFOX_LINUX, ip: '2001:db8:1:ffff::9' })).statusCode, 201);
      assert.equal(await alerts(t), 0, 'the same /48');
      assert.equal((await signIn(t, u, { agent: FIREFOX_LINUX, ip: '2001:db8:2::9' })).statusCode, 201);
      assert.equal(await alerts(t), 1, 'another /48');
      assert.match((await outbox(t)).at(-1)?.text ?? '', /Network: 2001:db8:2::\/48/);
    } finally {
      await t.close();
    }
  });

  test("never for an account's very first sign-in; a device unseen for 90 days is new again", async () => {
    const t = await buildTestApp();
    try {
      const u = await createUser(t);
      await t.store.signIns.setSignInAlerts(u.id, true, t.clock.now()); // on before the account ever signed in
      const laptop = { agent: FIREFOX_LINUX, ip: '203.0.113.5' };
      assert.equal((await signIn(t, u, laptop)).statusCode, 201);
      assert.equal(await alerts(t), 0, 'the first sign-in has nothing to compare with');
      assert.equal((await signIn(t, u, laptop)).statusCode, 201);
      assert.equal(await alerts(t), 0);

      t.clock.advance(60 * DAY);
      await housekeeping(t.deps); // the laptop's sessions are past their 30 days and go
      assert.equal((await signIn(t, u, laptop)).statusCode, 201);
      assert.equal(await alerts(t), 0, 'sixty days: still known from its sign-ins');
      t.clock.advance(91 * DAY);
      await housekeeping(t.deps);
      assert.equal((await signIn(t, u, laptop)).statusCode, 201);
      assert.equal(await alerts(t), 1, 'ninety-one days after the last: new again');
    } finally {
      await t.close();
    }
  });

  test('the security page shows the switch and its form changes it (CSRF token required)', async () => {
    const t = await buildTestApp();
    try {
      const u = await createUser(t);
      const headers = await cookieSession(t, u, { agent: FIREFOX_LINUX, ip: '203.0.113.5' });
      const page = async (): Promise<string> => (await t.app.inject({ method: 'GET', url: '/account/security', headers: { cookie: headers.cookie ?? '', accept: 'text/html' } })).body;
      assert.match(await page(), /<input type="checkbox" name="notify_new_sign_in" value="true"> Email me when my password is used/);
      const form = (body: string, csrf: boolean) => t.app.inject({
        method: 'POST', url: '/account/security/sign-in-alerts', headers: { cookie: headers.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: `${csrf ? `csrf_token=${encodeURIComponent(headers['x-csrf-token'] ?? '')}&` : ''}${body}`,
      });
      assert.equal((await form('notify_new_sign_in=true', false)).statusCode, 403, 'no CSRF token, no change');
      assert.equal(await t.store.signIns.findSignInAlerts(u.id), false);
      const on = await form('notify_new_sign_in=true', true);
      assert.deepEqual([on.statusCode, on.headers.location], [303, '/account/security?notice=alerts-on']);
      assert.equal(await t.store.signIns.findSignInAlerts(u.id), true);
      assert.match(await page(), /name="notify_new_sign_in" value="true" checked>/);
      const off = await form('', true);
      assert.equal(off.headers.location, '/account/security?notice=alerts-off');
      assert.equal(await t.store.signIns.findSignInAlerts(u.id), false);
    } finally {
      await t.close();
    }
  });

  test('a personal access token cannot turn the alerts off; a wrong password alerts nobody', async () => {
    const t = await buildTestApp();
    try {
      const u = await createUser(t);
      const headers = await cookieSession(t, u, { agent: FIREFOX_LINUX, ip: '203.0.113.5' });
      await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers, payload: { notify_new_sign_in: true } });
      const pat = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers, payload: { name: 'script', scopes: ['account:read'] } });
      assert.equal(pat.statusCode, 201, pat.body);
      const bearer = { authorization: `Bearer ${pat.json().data.token as string}` };
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/account', headers: bearer })).json().data.notify_new_sign_in, true, 'it may read the setting');
      const refused = await t.app.inject({ method: 'PATCH', url: '/api/v1/account', headers: bearer, payload: { notify_new_sign_in: false } });
      assert.deepEqual([refused.statusCode, refused.json().code], [403, 'insufficient_scope']);
      assert.equal(await t.store.signIns.findSignInAlerts(u.id), true);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.1', headers: { 'user-agent': CHROME_WINDOWS }, payload: { email: u.email, password: 'not the password at all' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal(await alerts(t), 0);
    } finally {
      await t.close();
    }
  });
});
