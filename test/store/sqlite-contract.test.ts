// Runs the store contract against the SQLite store, each test on its own temp file, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../../src/store/contract.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

// A real file rather than ':memory:': WAL, locking and the cross-connection cache check run as they do in production.
runStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-contract-'));
  const store = openSqliteStore(join(dir, 'lightbox.db'));
  await store.migrate();
  return {
    store,
    async cleanup(): Promise<void> {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
