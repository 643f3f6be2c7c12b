// issue #19: Redis stopped and restarted under two instances: logins and unconfirmed revocations are 503, no cached
// credential outlives a revocation, /readyz names Redis, and everything recovers by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresSkip, withTestDatabase } from '../helpers/postgres.ts';
import { redisServerBinary, withPrivateRedis } from '../helpers/redis-server.ts';
import { startInstance, type LightboxInstance } from '../helpers/lightbox-instances.ts';

const skip = (await postgresSkip('the Redis outage test'))
  || (process.env.CI !== 'true' && redisServerBinary() === null ? 'redis-server is not installed: the Redis outage test skipped' : false);

type Headers = Record<string, string>;

async function call(instance: LightboxInstance, method: string, path: string, options: { headers?: Headers; json?: unknown } = {}): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Headers = { ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${instance.url}${path}`, { method, headers, ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }) });
  const text = await res.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: res.status, headers: Object.fromEntries(res.headers), body };
}

/** A 503 as the issue wants it: the JSON error body, code unavailable, an integer Retry-After. */
function assertUnavailable(res: Awaited<ReturnType<typeof call>>, what: string): void {
  assert.equal(res.status, 503, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 'unavailable', what);
  assert.equal(res.body.error, 'Service Unavailable', what);
  assert.match(res.headers['retry-after'] ?? '', /^[1-9]\d*$/, what);
}

/** Polls until `check` holds (or fails after `ms`), for state that changes when a connection notices the outage. */
async function eventually(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    assert.ok(performance.now() < deadline, `${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('Redis stopped mid-run fails closed with 503s, never serves a revoked credential, and recovers on restart', { skip, timeout: 120_000 }, () => withTestDatabase((database) => withPrivateRedis(async (redis) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-outage-'));
  const env = { LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: redis.url, LIGHTBOX_REDIS_PREFIX: 'outage:', LIGHTBOX_LOG_LEVEL: 'fatal' };
  const instances: LightboxInstance[] = [];
  try {
    const a = await startInstance(dataDir, env, { demo: true });
    instances.push(a);
    const b = await startInstance(dataDir, env);
    instances.push(b);
    const { email, password } = a.demo as { email: string; password: string };
    const login = async (on: LightboxInstance): Promise<Headers> => {
      const res = await call(on, 'POST', '/api/auth/login', { json: { email, password, mode: 'token' } });
      assert.equal(res.status, 200);
      return { 'x-auth-token': res.body.token as string };
    };
    const [revoked, kept] = [await login(a), await login(a)];
    for (const headers of [revoked, kept]) assert.equal((await call(b, 'GET', '/api/auth/me', { headers })).status, 200); // now cached on B

    await redis.stop();
    for (const instance of [a, b]) {
      await eventually(3000, 'readyz reports Redis', async () => (await call(instance, 'GET', '/readyz')).status === 503);
      const ready = await call(instance, 'GET', '/readyz');
      assertUnavailable(ready, 'readyz');
      assert.deepEqual(ready.body.details, { dependency: 'redis' });
      assert.match(String(ready.body.message), /Redis/);
    }
    // Logins need the shared counters: refused, not let through unthrottled.
    assertUnavailable(await call(b, 'POST', '/api/auth/login', { json: { email, password, mode: 'token' } }), 'login while Redis is down');
    // Still valid, and read during the outage: a cache that kept serving would now hold it again.
    assert.equal((await call(b, 'GET', '/api/auth/me', { headers: revoked })).status, 200);
    assert.equal((await call(b, 'GET', '/api/auth/me', { headers: revoked })).status, 200);
    // A revocation lands in PostgreSQL but cannot be announced: the client is told so rather than "logged out".
    assertUnavailable(await call(a, 'POST', '/api/auth/logout', { headers: revoked }), 'logout while Redis is down');
    // B had the token cached; with its channel down it serves nothing from the cache and reads the database.
    await eventually(3000, 'B refuses the revoked token', async () => (await call(b, 'GET', '/api/auth/me', { headers: revoked })).status === 401);
    for (let i = 0; i < 5; i++) {
      assert.equal((await call(b, 'GET', '/api/auth/me', { headers: revoked })).status, 401);
      const res = await call(b, 'GET', '/api/auth/me', { headers: kept });
      assert.equal(res.status, 200, 'a valid credential is checked against PostgreSQL and still works');
    }

    await redis.start();
    for (const instance of [a, b]) await eventually(10_000, 'readyz recovers', async () => (await call(instance, 'GET', '/readyz')).status === 200);
    await eventually(5000, 'logins recover', async () => (await call(b, 'POST', '/api/auth/login', { json: { email, password, mode: 'token' } })).status === 200);
    // The channel is back: a revocation on B reaches A's cache again.
    assert.equal((await call(a, 'GET', '/api/auth/me', { headers: kept })).status, 200);
    assert.equal((await call(a, 'GET', '/api/auth/me', { headers: kept })).status, 200);
    assert.equal((await call(b, 'POST', '/api/auth/logout', { headers: kept })).status, 200);
    await eventually(1000, 'A refuses the token B logged out', async () => (await call(a, 'GET', '/api/auth/me', { headers: kept })).status === 401);
    assert.equal((await call(a, 'GET', '/api/auth/me', { headers: revoked })).status, 401, 'the outage-time revocation stayed');
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
})));
