// Redis for tests: a unique key prefix per test (cleaned up afterwards), and a visible skip without a server (never under CI=true).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The server the tests use; LIGHTBOX_TEST_REDIS_URL names another. */
export const REDIS_TEST_URL = process.env.LIGHTBOX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function serverName(): string {
  const url = new URL(REDIS_TEST_URL);
  return `${url.hostname}:${url.port || '6379'}`;
}

async function withClient<T>(fn: (client: Redis) => Promise<T>, url = REDIS_TEST_URL): Promise<T> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

/** A Redis suite skips, visibly, on a machine with no server; under CI=true it must run (and fails instead). */
export async function redisSkip(what: string): Promise<string | false> {
  if (process.env.CI === 'true') return false;
  try {
    await withClient((c) => c.ping());
    return false;
  } catch {
    return `Redis is not reachable at ${serverName()} (.ci/run starts it; LIGHTBOX_TEST_REDIS_URL names another server): ${what} skipped`;
  }
}

/** A key prefix no other test uses. */
export function testPrefix(): string {
  return `lightbox-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under the prefix. */
export async function deleteKeys(prefix: string, url = REDIS_TEST_URL): Promise<void> {
  await withClient(async (client) => {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }, url);
}

/** The keys under the prefix (to show a test left state where it should, and none elsewhere). */
export async function listKeys(prefix: string, url = REDIS_TEST_URL): Promise<string[]> {
  return withClient((client) => client.keys(`${prefix}*`), url);
}
