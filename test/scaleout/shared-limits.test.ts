// issue #19: two Lightbox processes sharing one Redis share their limits: the per-client request limit counts requests
// to either instance against one total, and a login lock made through one instance holds on the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresSkip, type TestDatabase } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, listKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { startInstance, type LightboxInstance } from '../helpers/lightbox-instances.ts';

const skip = (await postgresSkip('the shared-limit scale-out tests')) || (await redisSkip('the shared-limit scale-out tests'));

/** Small on purpose: the test makes a dozen requests, not thousands. */
const MAX = 7;
const WINDOW_S = 60;
const FREE_FAILURES = 3;

let database: TestDatabase;
let prefix: string;
let dataDir: string;
let a: LightboxInstance;
let b: LightboxInstance;

before(async () => {
  if (skip) return;
  database = await createTestDatabase();
  prefix = testPrefix();
  dataDir = mkdtempSync(join(tmpdir(), 'lightbox-limits-'));
  const env = {
    LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: REDIS_TEST_URL, LIGHTBOX_REDIS_PREFIX: prefix,
    LIGHTBOX_LOG_LEVEL: 'warn', LIGHTBOX_RATE_LIMIT_MAX: String(MAX), LIGHTBOX_RATE_LIMIT_WINDOW: String(WINDOW_S),
    LIGHTBOX_LOGIN_THROTTLE_FREE_FAILURES: String(FREE_FAILURES), LIGHTBOX_LOGIN_THROTTLE_BASE_DELAY: '120',
    // As behind a load balancer on this machine: each test speaks as its own client through X-Forwarded-For.
    LIGHTBOX_SERVER_TRUST_PROXY: '127.0.0.1',
  };
  a = await startInstance(dataDir, env, { demo: true });
  b = await startInstance(dataDir, env);
});

after(async () => {
  if (skip) return;
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await deleteKeys(prefix);
  assert.deepEqual(await listKeys(prefix), [], 'no Redis key is left under the test prefix');
  rmSync(dataDir, { recursive: true, force: true });
});

function as(client: string, headers: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': client, ...headers };
}

async function login(instance: LightboxInstance, client: string, email: string, password: string): Promise<Response> {
  return fetch(`${instance.url}/api/auth/login`, {
    method: 'POST', headers: as(client, { 'content-type': 'application/json' }), body: JSON.stringify({ email, password, mode: 'token' }),
  });
}

test('requests alternated between the instances reach the per-client limit at its configured count in total', { skip }, async () => {
  const client = '198.51.100.10';
  const instances = [a, b];
  for (let i = 0; i < MAX; i++) {
    const res = await fetch(`${instances[i % 2]!.url}/api/help`, { headers: as(client) });
    await res.arrayBuffer();
    assert.equal(res.status, 200, `request ${i + 1} of ${MAX}`);
    assert.equal(res.headers.get('ratelimit-policy'), `"per-client";q=${MAX};w=${WINDOW_S}`);
    // The remaining count falls by one per request whichever instance answered: one counter, not one per instance.
    assert.match(String(res.headers.get('ratelimit')), new RegExp(`^"per-client";r=${MAX - 1 - i};t=\\d+$`));
  }
  // Past the total, both refuse: the instance that has seen only half the requests as much as the other.
  for (const instance of [a, b, a]) {
    const refused = await fetch(`${instance.url}/api/help`, { headers: as(client) });
    assert.equal(refused.status, 429);
    assert.match(String(refused.headers.get('content-type')), /^application\/json/);
    const body = (await refused.json()) as { code: string; request_id?: string };
    assert.equal(body.code, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= WINDOW_S, `Retry-After ${String(refused.headers.get('retry-after'))}`);
    assert.equal(refused.headers.get('ratelimit-policy'), `"per-client";q=${MAX};w=${WINDOW_S}`);
    assert.match(String(refused.headers.get('ratelimit')), /^"per-client";r=0;t=\d+$/);
  }
  // Another client has its own count on both instances; health checks are never limited.
  for (const instance of [a, b]) {
    assert.equal((await fetch(`${instance.url}/api/help`, { headers: as('198.51.100.11') })).status, 200);
    assert.equal((await fetch(`${instance.url}/healthz`, { headers: as(client) })).status, 200);
  }
});

test('a login lock made through one instance is enforced by the other, for the right password too', { skip }, async () => {
  const { email, password } = a.demo as { email: string; password: string };
  const client = '198.51.100.20';
  // The failures alternate between the instances; they add up to one count.
  for (let i = 0; i < FREE_FAILURES; i++) {
    const res = await login(i % 2 === 0 ? a : b, client, email, 'not the password at all');
    assert.equal(res.status, 401, `failure ${i + 1}`);
    await res.arrayBuffer();
  }
  const bodies: unknown[] = [];
  for (const [instance, pw] of [[b, 'still not the password'], [b, password], [a, password]] as const) {
    const res = await login(instance, client, email, pw);
    assert.equal(res.status, 429, `${instance === a ? 'a' : 'b'}: locked`);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${String(res.headers.get('retry-after'))}`);
    const { request_id: _id, ...rest } = (await res.json()) as Record<string, unknown>;
    bodies.push(rest);
  }
  // The login throttle refused these, not the per-client request limit (that would be rate_limited).
  assert.equal((bodies[0] as { code: string }).code, 'too_many_attempts');
  assert.deepEqual(bodies[1], bodies[0], 'the right password meets the same answer: the lock reveals nothing');
  assert.deepEqual(bodies[2], bodies[0]);
});
