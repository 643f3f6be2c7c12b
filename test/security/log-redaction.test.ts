// issue #22, defect 3: a credential in the query string stays out of the logs however its name is spelled (as long as
// the query parser reads it as that name), and no identifier typed into a login that matched no account is logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, withTestApp } from '../helpers/app.ts';
import { redactUrl } from '../../src/http/redact.ts';

test('R51 every spelling of auth_token the query parser accepts authenticates, and none reaches a log line', () => withTestApp({}, async (t) => {
  const user = await createUser(t, { studio: 'Redaction Studio' });
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password, mode: 'token' } });
  assert.equal(login.statusCode, 200, login.body);
  const token = login.json().token as string;
  for (const name of ['auth_token', '%61uth_token', 'auth%5Ftoken', '%61%75%74%68%5f%74%6f%6b%65%6e', 'a%75th_token']) {
    const res = await t.app.inject({ method: 'GET', url: `/api/auth/me?${name}=${token}` });
    assert.equal(res.statusCode, 200, `${name} authenticates: ${res.body}`);
  }
  // Requests that fail, or match no route, are logged too.
  await t.app.inject({ method: 'GET', url: `/api/auth/me?%61uth_token=${token}x` });
  await t.app.inject({ method: 'GET', url: `/no/such/route?%74oken=${token}&%61ccess_token=${token}` });
  await t.app.inject({ method: 'GET', url: `/api/auth/me?page=1&%61pi_key=${token}&password=${token}` });
  const text = t.logs.text();
  assert.equal(text.includes(token), false, 'the token is in no log line');
  assert.ok(t.logs.records().some((r) => (r.req as { url?: string } | undefined)?.url?.includes('%61uth_token=[REDACTED]')), 'the line is there, censored');
}));

test('R51 redactUrl censors by the decoded name and keeps everything else as it was', () => {
  assert.equal(redactUrl('/x?%61uth_token=s1&page=2'), '/x?%61uth_token=[REDACTED]&page=2');
  assert.equal(redactUrl('/x?a+b=1&Auth_Token=s2&refresh%5ftoken=s3'), '/x?a+b=1&Auth_Token=[REDACTED]&refresh%5ftoken=[REDACTED]');
  assert.equal(redactUrl('/x?token'), '/x?token=[REDACTED]');
  assert.equal(redactUrl('/x?%zz=1&key=%E0%A4%A'), '/x?%zz=1&key=[REDACTED]', 'a name that does not decode is kept raw; the value is never parsed');
  assert.equal(redactUrl('/x/auth_token=path'), '/x/auth_token=path');
});

test('R51 a login with an identifier that matches no account logs the attempt but not what was typed', () => withTestApp({}, async (t) => {
  const user = await createUser(t, { studio: 'Typo Studio' });
  const typed = 'mistyped-password-canary-5e1d';
  for (const payload of [{ email: typed, password: 'whatever' }, { username: typed, password: 'whatever' }]) {
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload })).statusCode, 401);
  }
  await t.app.inject({
    method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams({ email: typed.toUpperCase(), password: 'whatever' }).toString(),
  });
  // Until throttled: the throttle's own event must not carry it either.
  for (let i = 0; i < 8; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: typed, password: `p${i}` } });
  await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'wrong password here' } });
  const records = t.logs.records();
  const failed = records.filter((r) => r.event === 'login_failed');
  assert.ok(failed.length >= 3, 'failures are still logged');
  assert.ok(failed.some((r) => r.userId === user.id), 'a failure on a real account names the account by id');
  assert.ok(records.some((r) => r.event === 'login_throttled'), 'the throttle fired');
  assert.equal(t.logs.text().toLowerCase().includes(typed), false, 'the typed identifier is in no log line');
}));
