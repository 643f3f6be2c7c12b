// Server-side secrets generated on first start (HMAC keys, the one-time setup token hash).
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SecretStore } from '../types.ts';

export function createSecretStore(db: Kysely<Database>): SecretStore {
  const get = async (name: string): Promise<string | null> => {
    const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirst();
    return row ? row.value : null;
  };
  return {
    getSecret: get,
    async getOrCreateSecret(name: string, create: () => string, now: number): Promise<string> {
      await db.insertInto('server_secrets').values({ name, value: create(), created_at: now })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      const value = await get(name);
      if (value === null) throw new Error(`secret ${name} vanished`);
      return value;
    },
    async putSecret(name: string, value: string, now: number): Promise<void> {
      await db.insertInto('server_secrets').values({ name, value, created_at: now })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value, created_at: now })).execute();
    },
    async deleteSecret(name: string): Promise<void> {
      await db.deleteFrom('server_secrets').where('name', '=', name).execute();
    },
  };
}
