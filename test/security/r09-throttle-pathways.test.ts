// issue #22: SECURITY-BAR R9, throttling cannot be side-stepped: URL spellings of the login route and every password
// pathway (cookie login, token mode, JWT obtain, Basic, password-change current_password) feed one counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, login } from '../helpers/app.ts';

const WRONG = 'definitely not the password';

test('R9 one per-identifier counter across URL spellings and all five password pathways (threshold 5)', async () => {
  const t = await buildTestApp({ auth: { basic: { enabled: true, allowInsecure: true } } });
  try {
    const a = await createUser(t, { studio: 'Pathways A' });
    const b = await createUser(t, { studio: 'Pathways B' });
    const basic = (email: string, password: string): Promise<LightMyRequestResponse> =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` } });
    const post = (url: string, payload: Record<string, unknown>): Promise<LightMyRequestResponse> => t.app.inject({ method: 'POST', url, payload });

    // A case-changed path is not another door to the password check: it is either a 404 or counted like the others.
    const upper = await post('/API/AUTH/LOGIN', { email: a.email, password: WRONG });
    assert.ok([404, 401].includes(upper.statusCode), `/API/AUTH/LOGIN → ${upper.statusCode}`);
    const upperCounted = upper.statusCode === 401 ? 1 : 0;

    const failuresA: Array<[string, () => Promise<LightMyRequestResponse>]> = [
      ['/api/auth/login', () => post('/api/auth/login', { email: a.email, password: WRONG })],
      ['/api/auth/login/', () => post('/api/auth/login/', { email: a.email, password: WRONG })],
      ['/api/auth/login?x=1', () => post('/api/auth/login?x=1', { email: a.email, password: WRONG })],
      ['Basic', () => basic(a.email, WRONG)],
      ['Basic again', () => basic(a.email, WRONG)],
    ].slice(upperCounted) as Array<[string, () => Promise<LightMyRequestResponse>]>;
    for (const [label, fail] of failuresA) assert.equal((await fail()).statusCode, 401, label);
    const sixthA = await post('/api/auth/token/obtain/', { email: a.email, password: a.password });
    assert.equal(sixthA.statusCode, 429, `the right password through JWT obtain after 3 form + 2 Basic failures → ${sixthA.statusCode}`);
    assert.match(String(sixthA.headers['retry-after']), /^[1-9]\d*$/);

    const s = await login(t, b); // a success resets b's counter; the session is used for the password change below
    const failuresB: Array<[string, () => Promise<LightMyRequestResponse>]> = [
      ['token mode', () => post('/api/auth/login', { email: b.email, password: WRONG, mode: 'token' })],
      ['token mode again', () => post('/api/auth/login', { email: b.email, password: WRONG, mode: 'token' })],
      ['JWT obtain', () => post('/api/auth/token/obtain/', { email: b.email, password: WRONG })],
      ['JWT obtain again', () => post('/api/auth/token/obtain/', { email: ` ${b.email.toUpperCase()} `, password: WRONG })],
      ['password change current_password', () => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { current_password: WRONG, new_password: 'a brand new passphrase' } })],
    ];
    for (const [label, fail] of failuresB) assert.equal((await fail()).statusCode, 401, label);
    const sixthB = await basic(b.email, b.password);
    assert.equal(sixthB.statusCode, 429, `the right password through Basic after token, JWT and password-change failures → ${sixthB.statusCode}`);
    assert.equal((await post('/api/auth/login', { email: b.email, password: b.password })).statusCode, 429, 'and through the cookie login');
  } finally {
    await t.close();
  }
});

// Found by the requirement map: the counter was keyed on the identifier as typed, so an account's email and username
// were two counters (5 + 5 free failures, up to 199 failures before the hard lock). It is now the account's.
test('R9 the email and the username of one account share one counter', async () => {
  const t = await buildTestApp();
  try {
    const u = await createUser(t, { studio: 'Two Names' });
    for (let i = 0; i < 5; i++) assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: WRONG } })).statusCode, 401);
    const byName = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    assert.equal(byName.statusCode, 429, `the username after 5 failures on the email → ${byName.statusCode}`);
  } finally {
    await t.close();
  }
});
