// issue #19: the PostgreSQL store behind the shared auth cache (Redis revocation channel) still keeps the store contract.
import { test } from 'node:test';
import { runStoreContract } from '../../src/store/contract.ts';
import { createTestDatabase, postgresSkip } from '../helpers/postgres.ts';
import { deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { openSharedStore } from '../helpers/shared-store.ts';

const skip = (await postgresSkip('the shared-cache store contract')) || (await redisSkip('the shared-cache store contract'));

if (skip) {
  test('postgres + redis: store contract', { skip }, () => undefined);
} else {
  runStoreContract('postgres + redis cache', async () => {
    const database = await createTestDatabase();
    const prefix = testPrefix();
    const shared = await openSharedStore(database.url, prefix);
    const cleanup = async (): Promise<void> => {
      try {
        await shared.close();
      } finally {
        await database.drop();
        await deleteKeys(prefix);
      }
    };
    try {
      await shared.store.migrate();
    } catch (err) {
      await cleanup();
      throw err;
    }
    return { store: shared.store, cleanup };
  });
}
