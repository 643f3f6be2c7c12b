// issue #22, "The proof": property-based fuzzing of the credential and parser paths against a real server on
// 127.0.0.1. Properties: never a 5xx, never an unauthenticated success on a protected route, never a canary secret in
// a response body or a log line. Fixed seed and bounded runs in `npm test`; FUZZ_RUNS / FUZZ_SEED for a deeper run
// (`npm run test:fuzz:long`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { createUser } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 22);
const CANARY_PASSWORD = 'Canary-pw-7f3c9e1b2a!';

function raw(base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers, timeout: 5000 });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A header value Node will send: visible ASCII and spaces only. */
const headerValue = fc.stringMatching(/^[\x21-\x7e ]{0,80}$/);
const b64 = fc.stringMatching(/^[A-Za-z0-9_\-+/=]{0,60}$/);
const jwtLike = fc.tuple(b64, b64, b64).map(([a, b, c]) => `${a}.${b}.${c}`);
const prefixed = fc.tuple(fc.constantFrom('lbx_pat_', 'lbx_app_', 'lbx_rt_', 'usr_', 'col_', ''), b64).map(([p, s]) => p + s);
const credential = fc.oneof(headerValue, jwtLike, prefixed);

test('fuzz: credential headers, cookies, auth_token and path spellings never authenticate, never 5xx, never leak', async () => {
  const t = await startLiveServer();
  try {
    const user = await createUser(t, { studio: 'Fuzz', password: CANARY_PASSWORD });
    const login = await raw(t.url, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ email: user.email, password: CANARY_PASSWORD, mode: 'token' }));
    assert.equal(login.status, 200, login.text);
    const canaryToken = (JSON.parse(login.text) as { token: string }).token;
    const scheme = fc.constantFrom('Bearer ', 'Basic ', 'bearer ', 'Token ', '', 'Bearer  ');
    const pathSpelling = fc.constantFrom('/api/auth/me', '/api/auth/%6de', '/api//auth/me', '/api/auth/me/', '/API/auth/me', '/api/auth/me?x=1', '/api/auth/./me', '/api/auth/me%00', '/api/%61uth/me');
    const where = fc.constantFrom('authorization', 'x-auth-token', 'x-api-key', 'cookie', 'query', 'csrf');
    const bodies: string[] = [];
    await fc.assert(
      fc.asyncProperty(where, scheme, credential, pathSpelling, fc.constantFrom('GET', 'POST'), async (place, sch, cred, path, method) => {
        const headers: Record<string, string> = {};
        let p = path;
        if (place === 'authorization') headers.authorization = sch + (sch.startsWith('Basic') ? Buffer.from(`${user.email}:${cred}`).toString('base64') : cred);
        else if (place === 'x-auth-token') headers['x-auth-token'] = cred;
        else if (place === 'x-api-key') headers['x-api-key'] = cred;
        else if (place === 'cookie') headers.cookie = `${t.config.cookies.session}=${cred}`;
        else if (place === 'query') p += (p.includes('?') ? '&' : '?') + 'auth_token=' + encodeURIComponent(cred);
        else { headers['x-csrf-token'] = cred; headers['x-xsrf-token'] = cred; headers['csrf-token'] = cred; }
        const res = await raw(t.url, method, p, headers, method === 'POST' ? '' : undefined);
        bodies.push(res.text);
        assert.ok(res.status < 500, `${res.status} ${method} ${p} ${JSON.stringify(headers)}: ${res.text}`);
        assert.ok(!(res.status >= 200 && res.status < 300), `unauthenticated success: ${method} ${p} ${JSON.stringify(headers)}`);
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
    // A valid token over a real socket still works: the test can tell success from refusal.
    assert.equal((await raw(t.url, 'GET', '/api/auth/me', { authorization: `Bearer ${canaryToken}` })).status, 200);
    const everything = bodies.join('\n') + '\n' + t.logs.text();
    assert.ok(!everything.includes(CANARY_PASSWORD), 'canary password in a body or log line');
    assert.ok(!everything.includes(canaryToken), 'canary token in a body or log line');
  } finally {
    await t.close();
  }
});

/** JSON values with deep nesting, __proto__ keys and wrong types. */
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'email', 'password', 'mode', 'name'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
})).value;

function deep(n: number): string {
  return '{"a":'.repeat(n) + '1' + '}'.repeat(n);
}

test('fuzz: JSON bodies (nesting, __proto__, duplicate keys, wrong types) on login and writes never 5xx, never log the password', async () => {
  const t = await startLiveServer();
  try {
    const user = await createUser(t, { studio: 'FuzzJson', password: CANARY_PASSWORD });
    const routes = fc.constantFrom('/api/auth/login', '/api/auth/logout', '/api/collections', '/api/auth/password');
    const body = fc.oneof(
      jsonish.map((v) => JSON.stringify(v)),
      fc.constantFrom(deep(5000), deep(200), `{"email":"${user.email}","email":"x","password":"${CANARY_PASSWORD}","password":"wrong"}`, '{"__proto__":{"admin":true},"email":1,"password":[]}', '[', '', 'null', '{"email":"a"'),
      jsonish.map((v) => JSON.stringify({ email: user.email, password: v, mode: 'token' })),
    );
    await fc.assert(
      fc.asyncProperty(routes, body, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), async (route, b, ct) => {
        const res = await raw(t.url, 'POST', route, { 'content-type': ct }, b);
        assert.ok(res.status < 500, `${res.status} ${route} ${b.slice(0, 200)}: ${res.text}`);
        assert.ok(!res.text.includes(CANARY_PASSWORD), 'password echoed in a body');
        if (route !== '/api/auth/login') assert.ok(res.status >= 400, `unauthenticated success on ${route}`);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    assert.ok(!t.logs.text().includes(CANARY_PASSWORD), 'canary password in a log line');
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'Object.prototype polluted');
  } finally {
    await t.close();
  }
});

test('fuzz: multipart uploads without credentials or with garbage parts never 5xx, never succeed', async () => {
  const t = await startLiveServer();
  try {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 256 }), fc.constantFrom('boundary', 'x', ''), async (name, bytes, boundary) => {
        const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '')}"\r\nContent-Type: image/jpeg\r\n\r\n${Buffer.from(bytes).toString('latin1')}\r\n--${boundary}--\r\n`;
        const res = await raw(t.url, 'POST', '/api/collections/col_fuzz/photos', { 'content-type': `multipart/form-data; boundary=${boundary}` }, part);
        assert.ok(res.status >= 400 && res.status < 500, `${res.status}: ${res.text}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  } finally {
    await t.close();
  }
});
