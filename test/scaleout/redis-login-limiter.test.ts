// issue #19: the Redis login limiter keeps MemoryLoginLimiter's rules, atomically, for every instance at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisLoginLimiter } from '../../src/auth/redis-throttle.ts';
import type { ThrottlePolicy } from '../../src/auth/throttle.ts';
import { openRedis, waitUntilReady, type RedisConnection } from '../../src/store/redis/connection.ts';
import { AppError } from '../../src/errors.ts';
import { FakeClock } from '../helpers/clock.ts';
import { REDIS_TEST_URL, deleteKeys, listKeys, redisSkip, testPrefix } from '../helpers/redis.ts';

const POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 900_000, hardLockAfter: 8, ipMaxFailures: 20, ipWindowMs: 600_000 };
const skip = await redisSkip('the Redis login limiter tests');

async function withLimiters(fn: (a: RedisLoginLimiter, b: RedisLoginLimiter, clock: FakeClock, prefix: string) => Promise<void>): Promise<void> {
  const prefix = testPrefix();
  const clock = new FakeClock();
  // Two connections: two instances sharing one Redis.
  const conns: RedisConnection[] = [openRedis({ url: REDIS_TEST_URL, prefix }), openRedis({ url: REDIS_TEST_URL, prefix })];
  try {
    for (const c of conns) assert.ok(await waitUntilReady(c, 5000));
    await fn(new RedisLoginLimiter(conns[0] as RedisConnection, POLICY, clock), new RedisLoginLimiter(conns[1] as RedisConnection, POLICY, clock), clock, prefix);
  } finally {
    for (const c of conns) await c.close();
    await deleteKeys(prefix);
  }
}

const code = (err: unknown): string => (err instanceof AppError ? err.code : String(err));

test('failures on two instances add up: the 6th attempt is refused on either, with a growing Retry-After', { skip }, () => withLimiters(async (a, b, clock) => {
  for (let i = 0; i < 5; i++) {
    const limiter = i % 2 === 0 ? a : b;
    await limiter.begin('alice@example.test', '192.0.2.1');
    assert.equal((await limiter.fail('alice@example.test', '192.0.2.1')).failures, i + 1);
  }
  const refused = await b.begin('alice@example.test', '192.0.2.1').then(() => null, (err: unknown) => err);
  assert.equal(code(refused), 'too_many_attempts');
  assert.equal((refused as AppError).retryAfter, 1);
  clock.advance(1);
  await a.begin('alice@example.test', '192.0.2.1');
  await a.fail('alice@example.test', '192.0.2.1');
  assert.equal(((await b.begin('alice@example.test', '192.0.2.1').catch((e: unknown) => e)) as AppError).retryAfter, 2);
  // Success resets the identifier for both.
  clock.advance(2);
  await b.begin('alice@example.test', '192.0.2.1');
  await b.succeed('alice@example.test', '192.0.2.1');
  await a.begin('alice@example.test', '192.0.2.1');
  await a.succeed('alice@example.test', '192.0.2.1');
}));

test('50 parallel attempts split over two instances: at most 5 get through before a failure is counted', { skip }, () => withLimiters(async (a, b) => {
  const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).begin('bob@example.test', `198.51.100.${i}`)));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
  assert.ok(results.every((r) => r.status === 'fulfilled' || code(r.reason) === 'too_many_attempts'));
}));

test('the hard lock and the per-IP window are shared; reset clears the lock; no email or IP is stored in a key', { skip }, () => withLimiters(async (a, b, clock, prefix) => {
  let outcome = { failures: 0, hardLocked: false };
  for (let i = 0; i < POLICY.hardLockAfter; i++) {
    await a.begin('carol@example.test', '203.0.113.7').catch(() => undefined);
    outcome = await (i % 2 === 0 ? a : b).fail('carol@example.test', '203.0.113.7');
    clock.advance(POLICY.maxDelayMs / 1000);
  }
  assert.equal(outcome.hardLocked, true);
  assert.equal(code(await b.begin('carol@example.test', '203.0.113.8').catch((e: unknown) => e)), 'account_locked');
  await a.reset('carol@example.test');
  await b.begin('carol@example.test', '203.0.113.8');

  for (let i = 0; i < POLICY.ipMaxFailures; i++) await (i % 2 === 0 ? a : b).fail(`user${i}@example.test`, '203.0.113.99');
  assert.equal(code(await a.begin('someone-new@example.test', '203.0.113.99').catch((e: unknown) => e)), 'too_many_attempts');
  const keys = await listKeys(prefix);
  assert.ok(keys.length > 0);
  assert.ok(keys.every((k) => !k.includes('@') && !k.includes('203.0.113')), keys.join(', '));
}));

test('with Redis unreachable every step fails as 503 unavailable (the limiter never lets an attempt through unchecked)', async () => {
  const conn = openRedis({ url: 'redis://127.0.0.1:1', prefix: testPrefix(), connectTimeoutMs: 200 });
  try {
    const limiter = new RedisLoginLimiter(conn, POLICY, new FakeClock());
    const err = await limiter.begin('dave@example.test', '192.0.2.1').then(() => null, (e: unknown) => e);
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'unavailable');
    assert.equal(err.status, 503);
    assert.ok((err.retryAfter ?? 0) >= 1);
    assert.doesNotMatch(err.message, /127\.0\.0\.1|redis:\/\//);
  } finally {
    await conn.close();
  }
});
