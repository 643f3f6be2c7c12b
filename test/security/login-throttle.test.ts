// issue #2: per-identifier and per-IP login throttling: 429 + Retry-After, shared counters, reset on success, atomic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, createUser, type TestApp } from '../helpers/app.ts';
import { assertJsonError, withoutRequestId } from '../helpers/http.ts';

const WRONG = 'definitely not the password';

function attempt(t: TestApp, email: string, password: string, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...extra });
}

function retryAfter(res: LightMyRequestResponse): number {
  const raw = String(res.headers['retry-after']);
  assert.match(raw, /^[1-9]\d*$/, 'Retry-After is a positive integer');
  return Number(raw);
}

test('the 6th wrong login is 429 with Retry-After; the right password waits too; success after waiting resets', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t);
    for (let i = 1; i <= 5; i++) assertJsonError(await attempt(t, user.email, WRONG), 401, 'invalid_credentials');
    const sixth = await attempt(t, user.email, WRONG);
    assertJsonError(sixth, 429, 'too_many_attempts');
    const wait = retryAfter(sixth);
    assert.ok(wait >= 1);
    assertJsonError(await attempt(t, user.email, user.password), 429, 'too_many_attempts');

    t.clock.advance(wait);
    assert.equal((await attempt(t, user.email, user.password)).statusCode, 201);
    for (let i = 1; i <= 5; i++) assertJsonError(await attempt(t, user.email, WRONG), 401, 'invalid_credentials');
    assertJsonError(await attempt(t, user.email, WRONG), 429, 'too_many_attempts');
  } finally {
    await t.close();
  }
});

test('delays grow after further failures', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t);
    for (let i = 0; i < 5; i++) await attempt(t, user.email, WRONG);
    const first = retryAfter(await attempt(t, user.email, WRONG));
    t.clock.advance(first);
    assertJsonError(await attempt(t, user.email, WRONG), 401, 'invalid_credentials');
    const second = retryAfter(await attempt(t, user.email, WRONG));
    assert.ok(second > first, `${second} > ${first}`);
  } finally {
    await t.close();
  }
});

test('unknown identifiers are throttled at the same step with the same answer', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t);
    const known: LightMyRequestResponse[] = [];
    const unknown: LightMyRequestResponse[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await attempt(t, user.email, WRONG));
      unknown.push(await attempt(t, 'nobody@example.test', WRONG));
    }
    assert.deepEqual(unknown.map((r) => r.statusCode), [401, 401, 401, 401, 401, 429, 429]);
    assert.deepEqual(known.map((r) => r.statusCode), unknown.map((r) => r.statusCode));
    for (let i = 0; i < 7; i++) {
      assert.deepEqual(withoutRequestId(known[i]?.json()), withoutRequestId(unknown[i]?.json()));
      assert.equal(known[i]?.headers['retry-after'], unknown[i]?.headers['retry-after']);
    }
  } finally {
    await t.close();
  }
});

test('case, whitespace and NFKC variants of one identifier share the counter', async () => {
  const t = await buildTestApp();
  try {
    const user = await createUser(t, { email: 'alice@x.test' });
    const variants = ['alice@x.test', 'Alice@X.test', ' alice@x.test ', 'ALICE@X.TEST', '\uff41lice@x.test'];
    for (const v of variants) assertJsonError(await attempt(t, v, WRONG), 401, 'invalid_credentials');
    for (const v of variants) assertJsonError(await attempt(t, v, user.password), 429, 'too_many_attempts');
    // The username names the same account, so it shares the account's counter (R9; it used to have its own).
    assertJsonError(await attempt(t, user.username, user.password), 429, 'too_many_attempts');
  } finally {
    await t.close();
  }
});

test('the browser login form shares the counter and answers 429 with Retry-After', async () => {
  const t = await buildTestApp({ loginThrottle: { freeFailures: 2 } });
  try {
    const user = await createUser(t);
    const form = (password: string): Promise<LightMyRequestResponse> => t.app.inject({
      method: 'POST', url: '/login', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email, password }).toString(),
    });
    assert.equal((await form(WRONG)).statusCode, 401);
    assert.equal((await attempt(t, user.email, WRONG)).statusCode, 401);
    const res = await form(user.password);
    assert.equal(res.statusCode, 429);
    retryAfter(res);
    assert.equal(res.headers['set-cookie'], undefined);
  } finally {
    await t.close();
  }
});

test('50 parallel wrong logins: at most freeFailures of them reach the password check', async () => {
  const t = await buildTestApp({ loginThrottle: { freeFailures: 3, ipMaxFailures: 1000 } });
  try {
    const user = await createUser(t);
    const results = await Promise.all(Array.from({ length: 50 }, () => attempt(t, user.email, WRONG)));
    const statuses = results.map((r) => r.statusCode);
    assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(','));
    const through = statuses.filter((s) => s !== 429).length;
    assert.ok(through >= 1 && through <= 3, `${through} attempts were checked`);
    for (const r of results.filter((x) => x.statusCode === 429)) retryAfter(r);
  } finally {
    await t.close();
  }
});

test('per-IP limit: many identifiers from one address → 429; X-Forwarded-For from an untrusted peer does not help', async () => {
  const t = await buildTestApp({ loginThrottle: { ipMaxFailures: 4 } });
  try {
    for (let i = 0; i < 4; i++) {
      assertJsonError(await attempt(t, `spray${i}@example.test`, WRONG, { remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': `198.51.100.${i}` } }), 401, 'invalid_credentials');
    }
    const res = await attempt(t, 'spray-next@example.test', WRONG, { remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '198.51.100.99' } });
    assertJsonError(res, 429, 'too_many_attempts');
    retryAfter(res);
    assertJsonError(await attempt(t, 'spray-next@example.test', WRONG, { remoteAddress: '192.0.2.11' }), 401, 'invalid_credentials');
    t.clock.advance(600);
    assertJsonError(await attempt(t, 'spray-later@example.test', WRONG, { remoteAddress: '192.0.2.10' }), 401, 'invalid_credentials');
  } finally {
    await t.close();
  }
});

test('hard lock after hardLockAfter consecutive failures: waiting does not help, and it looks the same for unknown users', async () => {
  const t = await buildTestApp({ loginThrottle: { freeFailures: 1, baseDelay: 1, maxDelay: 1, hardLockAfter: 3, ipMaxFailures: 1000 } });
  try {
    const user = await createUser(t);
    const run = async (email: string): Promise<LightMyRequestResponse> => {
      for (let i = 0; i < 3; i++) {
        assertJsonError(await attempt(t, email, WRONG), 401, 'invalid_credentials');
        t.clock.advance(1);
      }
      t.clock.advance(86400);
      return attempt(t, email, email === user.email ? user.password : WRONG);
    };
    const known = await run(user.email);
    const unknown = await run('ghost@example.test');
    assert.equal(known.statusCode, 429);
    assert.equal(known.json().code, 'account_locked');
    assert.deepEqual(withoutRequestId(known.json()), withoutRequestId(unknown.json()));
    assert.notEqual((await t.store.users.findUserById(user.id))?.lockedAt ?? null, null, 'the lock is recorded on the account');
  } finally {
    await t.close();
  }
});
