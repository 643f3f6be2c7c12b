// Runs the store contract against the PostgreSQL store, each test on its own fresh database, dropped afterwards.
import { test } from 'node:test';
import { runStoreContract } from '../../src/store/contract.ts';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import { createTestDatabase, postgresSkip } from '../helpers/postgres.ts';

const skip = await postgresSkip('the PostgreSQL store contract');

if (skip) {
  test('postgres: store contract', { skip }, () => undefined);
} else {
  runStoreContract('postgres', async () => {
    const database = await createTestDatabase();
    const store = openPostgresStore(database.url);
    const cleanup = async (): Promise<void> => {
      try {
        await store.close();
      } finally {
        await database.drop();
      }
    };
    try {
      await store.migrate();
    } catch (err) {
      await cleanup();
      throw err;
    }
    return { store, cleanup };
  });
}
