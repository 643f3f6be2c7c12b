// issue #19: with Redis the login counters outlive restarts, so `lightbox user unlock` clears them there too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { openStores } from '../../src/main.ts';
import { RedisLoginLimiter } from '../../src/auth/redis-throttle.ts';
import { accountThrottleKey } from '../../src/auth/accounts.ts';
import { AppError } from '../../src/errors.ts';
import { FakeClock } from '../helpers/clock.ts';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';

const skip = (await postgresSkip('the shared-throttle unlock test')) || (await redisSkip('the shared-throttle unlock test'));

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

test('`lightbox user unlock` clears the account\'s shared hard lock (one counter for its email and username)', { skip }, () => withTestDatabase(async (database) => {
  const prefix = testPrefix();
  const env = { LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: REDIS_TEST_URL, LIGHTBOX_REDIS_PREFIX: prefix };
  const config = loadConfig(env, { cwd: '/nonexistent' });
  const store = await openStores(config);
  try {
    const user = await store.users.createUser({ email: 'Owner@Example.test', emailKey: 'owner@example.test', username: 'owner', usernameKey: 'owner', firstName: 'O', lastName: 'W', passwordHash: 'x', now: 1 });
    await store.users.setUserLocked(user.id, 2);
    const clock = new FakeClock();
    const limiter = new RedisLoginLimiter(store.redis as NonNullable<typeof store.redis>, { freeFailures: 1, baseDelayMs: 1000, maxDelayMs: 1000, hardLockAfter: 2, ipMaxFailures: 1000, ipWindowMs: 1000 }, clock);
    const key = accountThrottleKey(user.id);
    for (let i = 0; i < 2; i++) {
      clock.advance(2);
      await limiter.fail(key, '192.0.2.1');
    }
    await assert.rejects(limiter.begin(key, '192.0.2.1'), (err: unknown) => err instanceof AppError && err.code === 'account_locked');
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['user', 'unlock', '--email', 'OWNER@example.test'], { stdin: Readable.from([]), stdout, stderr, env });
    assert.equal(code, 0, stderr.text);
    assert.equal((await store.users.findUserById(user.id))?.lockedAt, null);
    await limiter.begin(key, '192.0.2.1');
  } finally {
    await store.close();
    await deleteKeys(prefix);
  }
}));
