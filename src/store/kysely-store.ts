// Builds the Store interfaces over one Kysely instance; each SQL backend only supplies the dialect.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './types.ts';
import { createUserStore } from './repositories/users.ts';
import { createStudioStore } from './repositories/studios.ts';
import { createSessionStore } from './repositories/sessions.ts';
import { createSecretStore } from './repositories/secrets.ts';
import { createNotificationStore } from './repositories/notifications.ts';

export function createKyselyStore(db: Kysely<Database>, options: { close: () => Promise<void> }): Store {
  const store: Store = {
    users: createUserStore(db),
    studios: createStudioStore(db),
    sessions: createSessionStore(db),
    secrets: createSecretStore(db),
    notifications: createNotificationStore(db),
    async transaction<T>(fn: (s: Store) => Promise<T>): Promise<T> {
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((trx) => fn(createKyselyStore(trx, { close: async () => undefined })));
    },
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },
    close: options.close,
  };
  return store;
}
