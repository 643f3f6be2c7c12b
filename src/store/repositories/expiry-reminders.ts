// Expiry reminders: which collections close soon, and the claim (one row per client and expiry) that makes each
// reminder go out once however many instances run the housekeeping.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { ExpiryReminderStore } from '../types.ts';
import { listCollectionsExpiring } from './collections.ts';

export function createExpiryReminderStore(db: Kysely<Database>): ExpiryReminderStore {
  return {
    listCollectionsExpiring: (after, until, cursor, limit) => listCollectionsExpiring(db, after, until, cursor, limit),
    async listRemindedEmailKeys(collectionId, expiresAt): Promise<string[]> {
      const rows = await db.selectFrom('collection_expiry_reminders').select('email_key')
        .where('collection_id', '=', collectionId).where('expires_at', '=', expiresAt).execute();
      return rows.map((r) => r.email_key);
    },
    async claimExpiryReminder({ collectionId, emailKey, expiresAt, now }): Promise<boolean> {
      // The primary key is the claim: a second insert (another instance, a rerun) does nothing. On PostgreSQL a
      // concurrent one waits for the first transaction and then does nothing.
      const r = await db.insertInto('collection_expiry_reminders')
        .values({ collection_id: collectionId, email_key: emailKey, expires_at: expiresAt, sent_at: now })
        .onConflict((oc) => oc.columns(['collection_id', 'email_key', 'expires_at']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async deleteExpiryRemindersBefore(cutoff): Promise<number> {
      const r = await db.deleteFrom('collection_expiry_reminders').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
