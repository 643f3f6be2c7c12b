// issue #20: password-reset requests are counted in Redis when it is configured, so two instances share one limit;
// keys hold a hash, never the email address or client address typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisRequestCounter } from '../../src/auth/request-counter.ts';
import { throttleResetRequest } from '../../src/auth/password-reset.ts';
import { openRedis, waitUntilReady, type RedisConnection } from '../../src/store/redis/connection.ts';
import { AppError } from '../../src/errors.ts';
import { REDIS_TEST_URL, deleteKeys, listKeys, redisSkip, testPrefix } from '../helpers/redis.ts';

const skip = await redisSkip('the Redis reset-request counter tests');

test('two instances share the per-address and per-account reset limits; keys are hashed', { skip }, async () => {
  const prefix = testPrefix();
  const conns: RedisConnection[] = [openRedis({ url: REDIS_TEST_URL, prefix }), openRedis({ url: REDIS_TEST_URL, prefix })];
  try {
    for (const c of conns) assert.ok(await waitUntilReady(c, 5000));
    const [a, b] = conns.map((c) => new RedisRequestCounter(c, 'password-reset')) as [RedisRequestCounter, RedisRequestCounter];
    const policy = { perAccount: 2, perAddress: 5, windowMs: 60_000 };
    await throttleResetRequest(a, policy, 'Ann@Example.test', '198.51.100.7');
    await throttleResetRequest(b, policy, 'ann@example.test', '198.51.100.8');
    await assert.rejects(throttleResetRequest(a, policy, 'ANN@example.test', '198.51.100.9'), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, 'too_many_attempts');
      assert.ok((err.retryAfter ?? 0) >= 1 && (err.retryAfter ?? 0) <= 60);
      return true;
    });
    for (let i = 0; i < 2; i++) await throttleResetRequest(i % 2 === 0 ? a : b, policy, `spray${i}@example.test`, '203.0.113.1');
    const c = await a.hit('ip:203.0.113.1', 60_000);
    assert.equal(c.count, 3, 'one counter across both instances');
    const keys = await listKeys(prefix);
    assert.ok(keys.length > 0);
    assert.ok(keys.every((k) => !/ann|example|198\.51|203\.0/i.test(k)), keys.join('\n'));
  } finally {
    for (const c of conns) await c.close();
    await deleteKeys(prefix);
  }
});

test('count reads a window without adding to it, on Redis and in memory alike', { skip }, async () => {
  const { MemoryRequestCounter } = await import('../../src/auth/request-counter.ts');
  const { FakeClock } = await import('../helpers/clock.ts');
  const prefix = testPrefix();
  const conn = openRedis({ url: REDIS_TEST_URL, prefix });
  try {
    assert.ok(await waitUntilReady(conn, 5000));
    for (const counter of [new RedisRequestCounter(conn, 'gallery-failures'), new MemoryRequestCounter(new FakeClock())]) {
      assert.deepEqual(await counter.count('password:co_x', 60_000), { count: 0, resetMs: 0 }, 'no window yet');
      await counter.hit('password:co_x', 60_000);
      await counter.hit('password:co_x', 60_000);
      const read = await counter.count('password:co_x', 60_000);
      assert.equal(read.count, 2);
      assert.ok(read.resetMs > 0 && read.resetMs <= 60_000, String(read.resetMs));
      assert.equal((await counter.count('password:co_x', 60_000)).count, 2, 'reading adds nothing');
    }
  } finally {
    await conn.close();
    await deleteKeys(prefix);
  }
});
