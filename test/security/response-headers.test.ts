// Security headers: on every response (JSON, errors, 404s, HTTPS), and the document-only ones on HTML pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser, login, withTestApp } from '../helpers/app.ts';

const EVERY_RESPONSE = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

test('JSON answers, errors and 404s carry the security headers and a CSP that loads and frames nothing', () => withTestApp({ server: { trustProxy: ['127.0.0.1'] } }, async (t) => {
  const user = await createUser(t, { studio: 'Headers Studio' });
  const s = await login(t, user);
  const answers = [
    await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } }),
    await t.app.inject({ method: 'GET', url: '/api/auth/me' }),
    await t.app.inject({ method: 'GET', url: '/api/no-such-thing' }),
    await t.app.inject({ method: 'DELETE', url: '/api/help' }),
    await t.app.inject({ method: 'GET', url: '/healthz' }),
  ];
  assert.deepEqual(answers.map((r) => r.statusCode), [200, 401, 404, 405, 200]);
  for (const res of answers) {
    for (const [name, value] of Object.entries(EVERY_RESPONSE)) assert.equal(res.headers[name], value, `${res.statusCode} ${name}`);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['cross-origin-opener-policy'], undefined, 'a JSON response is not a document');
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
  }
  const https = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
  assert.match(String(https.headers['strict-transport-security']), /^max-age=31536000/);
}));

test('HTML pages get the page CSP and opener isolation on top', () => withTestApp({}, async (t) => {
  for (const url of ['/login', '/galleries/login', '/api/redoc']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /^text\/html/, url);
    for (const [name, value] of Object.entries(EVERY_RESPONSE)) assert.equal(res.headers[name], value, `${url} ${name}`);
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
  }
}));
