// issue #20: password reset by mailed link. One neutral answer whatever the account; a single-use, expiring link
// from the captured message sets the new password and ends every session; throttled per address typed and per client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, cookieOf, createUser, login, type TestApp } from '../helpers/app.ts';
import { assertJsonError, withoutRequestId } from '../helpers/http.ts';
import { outbox, resetLinkIn } from '../helpers/mail.ts';

const PUBLIC_URL = 'https://photos.example.test';
const NEW_PASSWORD = 'a brand new passphrase for the studio';

const ask = (t: TestApp, email: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers, payload: { email } });
const complete = (t: TestApp, token: string, password = NEW_PASSWORD, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset/complete', payload: { token, password, ...extra } });
const me = async (t: TestApp, headers: Record<string, string>): Promise<number> => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode;

async function withApp(fn: (t: TestApp) => Promise<void>, overrides: Parameters<typeof buildTestApp>[0] = {}): Promise<void> {
  const t = await buildTestApp({ server: { publicUrl: PUBLIC_URL }, ...overrides });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/** Asks for a reset and returns the token from the message it queued. */
async function tokenFor(t: TestApp, email: string): Promise<string> {
  const before = new Set((await outbox(t)).map((m) => m.id));
  assert.equal((await ask(t, email)).statusCode, 202);
  const added = (await outbox(t)).filter((m) => !before.has(m.id));
  assert.equal(added.length, 1, 'one message queued');
  return resetLinkIn(added[0]?.text ?? '').token;
}

test('unknown, disabled and active accounts get the same 202 and body; only the active one gets a message', () => withApp(async (t) => {
  const active = await createUser(t, { studio: 'Northlight Photography' });
  const disabled = await createUser(t, { studio: 'Northlight Photography' });
  await t.store.users.setUserDisabled(disabled.id, t.clock.now());
  const answers = [];
  for (const email of ['nobody@example.test', disabled.email, active.email]) {
    const res = await ask(t, email);
    answers.push({ status: res.statusCode, body: withoutRequestId(res.json()), headers: Object.keys(res.headers).filter((h) => h !== 'x-request-id' && h !== 'date').sort() });
  }
  assert.equal(answers[0]?.status, 202);
  assert.deepEqual(answers[1], answers[0]);
  assert.deepEqual(answers[2], answers[0]);
  const mails = await outbox(t);
  assert.equal(mails.length, 1);
  const [mail] = mails;
  assert.equal(mail?.to, active.email);
  assert.equal(mail?.kind, 'password_reset');
  assert.equal(mail?.subject, 'Reset your Northlight Photography password');
  assert.match(mail?.html ?? '', /Northlight Photography/);
  const { link, token } = resetLinkIn(mail?.text ?? '');
  assert.ok(link.startsWith(`${PUBLIC_URL}/password-reset/complete#token=`), link);
  assert.ok((mail?.html ?? '').includes(`href="${link}"`), 'the HTML carries the same link');
  assert.ok(!t.logs.text().includes(token), 'the token is in no log line');
}));

test('the link from the message sets the new password and ends every session and token-mode token; PATs stay by default', () => withApp(async (t) => {
  const u = await createUser(t, { studio: 'Reset Studio' });
  const browser = await login(t, u);
  const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password, mode: 'token' } })).json().token as string;
  const jwt = (await t.app.inject({ method: 'POST', url: '/api/auth/token/obtain', payload: { email: u.email, password: u.password } })).json() as { access: string; refresh: string };
  const pat = await t.app.inject({ method: 'POST', url: '/api/v1/access-tokens', headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf }, payload: { name: 'script', scopes: ['account:read'] } });
  assert.equal(pat.statusCode, 201, pat.body);
  const patToken = pat.json().data.token as string;

  const res = await complete(t, await tokenFor(t, u.email));
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { password_reset: true, personal_access_tokens_revoked: 0 });
  assert.equal(cookieOf(res, t.config.cookies.session), undefined, 'no session is started by a reset');

  assert.equal(await me(t, { cookie: browser.cookie }), 401, 'the old cookie is refused');
  assert.equal(await me(t, { 'x-auth-token': token }), 401, 'the token-mode token is refused');
  assert.equal(await me(t, { authorization: `Bearer ${jwt.access}` }), 401, 'the JWT family is ended');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/token/refresh', payload: { refresh: jwt.refresh } })).statusCode, 401);
  assert.equal(await me(t, { authorization: `Bearer ${patToken}` }), 200, 'a personal access token stays unless asked, as with a password change');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } })).statusCode, 401, 'the old password no longer works');
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: NEW_PASSWORD } })).statusCode, 201);

  const events = await t.store.audit.listAuditEvents(u.studioId ?? '', { kinds: ['password_reset', 'password_reset_requested'] }, null, 10);
  assert.deepEqual(events.map((e) => e.kind).sort(), ['password_reset', 'password_reset_requested']);
  assert.ok(events.every((e) => e.actorId === u.id));
  assert.ok(!JSON.stringify(events).includes(NEW_PASSWORD));

  // revoke_personal_access_tokens: true takes the PATs too.
  const again = await complete(t, await tokenFor(t, u.email), 'another fresh passphrase to remember', { revoke_personal_access_tokens: true });
  assert.deepEqual(again.json(), { password_reset: true, personal_access_tokens_revoked: 1 });
  assert.equal(await me(t, { authorization: `Bearer ${patToken}` }), 401);
}));

test('a used, an expired, a superseded and an unknown token all get the one reset_link_invalid answer', () => withApp(async (t) => {
  const u = await createUser(t);
  const used = await tokenFor(t, u.email);
  assert.equal((await complete(t, used)).statusCode, 200);
  const reuse = await complete(t, used, 'yet another fine passphrase here');
  const body = withoutRequestId(assertJsonError(reuse, 400, 'reset_link_invalid'));

  const superseded = await tokenFor(t, u.email);
  const newest = await tokenFor(t, u.email);
  assert.deepEqual(withoutRequestId(assertJsonError(await complete(t, superseded), 400, 'reset_link_invalid')), body, 'a newer link replaces an older one');
  t.clock.advance(t.config.passwordReset.tokenTtl);
  assert.deepEqual(withoutRequestId(assertJsonError(await complete(t, newest), 400, 'reset_link_invalid')), body, 'expired after 30 minutes');
  for (const token of ['A'.repeat(43), 'not-a-token', '']) {
    assert.deepEqual(withoutRequestId(assertJsonError(await complete(t, token), 400, 'reset_link_invalid')), body, token);
  }
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: NEW_PASSWORD } })).statusCode, 201, 'none of them changed the password');
}));

test('a password the policy refuses is 400 weak_password with details, and the link still works', () => withApp(async (t) => {
  const u = await createUser(t);
  const token = await tokenFor(t, u.email);
  const weak = assertJsonError(await complete(t, token, 'short'), 400, 'weak_password');
  assert.equal(typeof (weak.details as Record<string, unknown>).password, 'string');
  assert.equal((await complete(t, token)).statusCode, 200);
}));

test('two concurrent completions of one link: exactly one succeeds', () => withApp(async (t) => {
  const u = await createUser(t);
  const token = await tokenFor(t, u.email);
  const [a, b] = await Promise.all([complete(t, token, 'first concurrent passphrase ok'), complete(t, token, 'second concurrent passphrase ok')]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 400]);
  const winner = a.statusCode === 200 ? 'first concurrent passphrase ok' : 'second concurrent passphrase ok';
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: winner } })).statusCode, 201, 'the winner\'s password is the one set');
}));

test('requests are throttled per address typed (existing or not) and per client address, with Retry-After', () => withApp(async (t) => {
  const u = await createUser(t);
  for (const email of [u.email, 'ghost@example.test']) {
    for (let i = 0; i < 3; i++) assert.equal((await ask(t, email)).statusCode, 202);
  }
  const known = await ask(t, u.email.toUpperCase());
  const unknown = await ask(t, 'ghost@example.test');
  assertJsonError(known, 429, 'too_many_attempts');
  assert.deepEqual(withoutRequestId(unknown.json()), withoutRequestId(known.json()), 'the same 429 for an address no account has');
  assert.equal(known.headers['retry-after'], String(t.config.passwordReset.window));
  assert.equal((await outbox(t)).length, 3, 'no message for the throttled requests');

  // Per client address (every request counts, throttled ones too: 8 so far): fresh addresses typed, one client.
  for (let i = 0; i < 2; i++) assert.equal((await ask(t, `spray${i}@example.test`)).statusCode, 202);
  const sprayed = await ask(t, 'spray-last@example.test');
  assertJsonError(sprayed, 429, 'too_many_attempts');
  assert.ok(Number(sprayed.headers['retry-after']) >= 1);

  t.clock.advance(t.config.passwordReset.window);
  assert.equal((await ask(t, u.email)).statusCode, 202, 'a new window');
}, { server: { publicUrl: PUBLIC_URL }, passwordReset: { perAccount: 3, perAddress: 10 } }));

test('a reset unlocks an account hard-locked by failed logins', () => withApp(async (t) => {
  const u = await createUser(t);
  for (let i = 0; i < 3; i++) {
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: 'definitely the wrong password' } });
    t.clock.advance(60);
  }
  assert.notEqual((await t.store.users.findUserById(u.id))?.lockedAt ?? null, null);
  assert.equal((await complete(t, await tokenFor(t, u.email))).statusCode, 200);
  assert.equal((await t.store.users.findUserById(u.id))?.lockedAt, null);
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: NEW_PASSWORD } })).statusCode, 201);
}, { server: { publicUrl: PUBLIC_URL }, loginThrottle: { freeFailures: 2, hardLockAfter: 3, baseDelay: 1 } }));

test('R42: a forged Host or X-Forwarded-Host does not change the link', () => withApp(async (t) => {
  const u = await createUser(t);
  await ask(t, u.email, { host: 'evil.test', 'x-forwarded-host': 'evil.test' });
  const [mail] = await outbox(t);
  assert.ok(resetLinkIn(mail?.text ?? '').link.startsWith(`${PUBLIC_URL}/`));
  assert.ok(!(mail?.html ?? '').includes('evil.test'));
}));

test('a reset by username is not a second way in: only the email address matches', () => withApp(async (t) => {
  const u = await createUser(t);
  assert.equal((await ask(t, u.username)).statusCode, 202);
  assert.equal((await outbox(t)).length, 0);
}));
