// PostgreSQL + Redis for the bench's scale-out case: a database and a Redis key prefix of its own on the local
// servers, dropped at the end of the run. Null when either server does not answer.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

const ADMIN_URL = process.env.LIGHTBOX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.LIGHTBOX_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface SharedBackend {
  /** Arguments for bench/servers/lightbox.ts. */
  args: string[];
  storeUrl: string;
  redisUrl: string;
  prefix: string;
  close(): Promise<void>;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function redisAnswers(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function openSharedBackend(): Promise<SharedBackend | null> {
  const name = `lightbox_bench_${randomBytes(5).toString('hex')}`;
  try {
    await admin(`create database ${name}`);
  } catch {
    return null;
  }
  if (!(await redisAnswers())) {
    await admin(`drop database if exists ${name}`);
    return null;
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const storeUrl = url.toString();
  const prefix = `${name}:`;
  return {
    storeUrl, redisUrl: REDIS_URL, prefix,
    args: ['--store-url', storeUrl, '--redis-url', REDIS_URL, '--redis-prefix', prefix],
    async close(): Promise<void> {
      await admin(`drop database if exists ${name} with (force)`);
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
