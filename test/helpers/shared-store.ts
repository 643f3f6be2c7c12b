// The PostgreSQL store as a scaled-out instance opens it: wrapped in the auth cache, with a Redis revocation channel.
import { createCachedStore } from '../../src/store/cached-store.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/open.ts';
import { openRedis, waitUntilReady, type RedisConnection } from '../../src/store/redis/connection.ts';
import { openRevocationChannel, type RevocationChannel, type RevocationChannelOptions } from '../../src/store/redis/revocation-channel.ts';
import { REDIS_TEST_URL } from './redis.ts';

export interface SharedStore {
  store: PostgresStore;
  redis: RedisConnection;
  channel: RevocationChannel;
  close(): Promise<void>;
}

/** One instance's store on `databaseUrl`, its channel under `prefix`; resolves once the channel is live. */
export async function openSharedStore(databaseUrl: string, prefix: string, options: { redisUrl?: string; channel?: RevocationChannelOptions } = {}): Promise<SharedStore> {
  const redis = openRedis({ url: options.redisUrl ?? REDIS_TEST_URL, prefix });
  await waitUntilReady(redis, 5000);
  const channel = openRevocationChannel(redis, options.channel);
  const pg = openPostgresStore(databaseUrl);
  const store = createCachedStore(pg, { channel });
  const deadline = Date.now() + 5000;
  while (!channel.live()) {
    if (Date.now() > deadline) throw new Error('the revocation channel did not come up within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    store, redis, channel,
    async close(): Promise<void> {
      channel.close();
      await redis.close();
      await pg.close();
    },
  };
}
