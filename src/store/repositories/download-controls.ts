// Delivery controls of a collection: which visitor sessions entered the download PIN, and the originals each visitor
// has been counted for against the collection's limit.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { DownloadControlStore, OriginalReservation } from '../types.ts';
import { chunks } from './favorite-lists.ts';

async function granted(db: Kysely<Database>, collectionId: string, emailKey: string, photoIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const ids of chunks(photoIds)) {
    const rows = await db.selectFrom('original_download_grants').select('photo_id').where('collection_id', '=', collectionId)
      .where('email_key', '=', emailKey).where('photo_id', 'in', ids).execute();
    out.push(...rows.map((r) => r.photo_id));
  }
  return out;
}

export function createDownloadControlStore(db: Kysely<Database>): DownloadControlStore {
  return {
    async unlockDownloads(sessionId, collectionId, now): Promise<void> {
      await db.insertInto('visitor_download_unlocks').values({ session_id: sessionId, collection_id: collectionId, created_at: now })
        .onConflict((oc) => oc.column('session_id').doNothing()).execute();
    },
    async isDownloadUnlocked(sessionId): Promise<boolean> {
      const row = await db.selectFrom('visitor_download_unlocks').select('session_id').where('session_id', '=', sessionId).executeTakeFirst();
      return row !== undefined;
    },
    async clearDownloadUnlocks(collectionId): Promise<number> {
      const r = await db.deleteFrom('visitor_download_unlocks').where('collection_id', '=', collectionId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async originalDownloadsUsed(collectionId, emailKey): Promise<number> {
      const row = await db.selectFrom('original_download_counts').select('used').where('collection_id', '=', collectionId).where('email_key', '=', emailKey).executeTakeFirst();
      return row ? Number(row.used) : 0;
    },
    listGrantedOriginals: (collectionId, emailKey, photoIds) => granted(db, collectionId, emailKey, photoIds),
    async reserveOriginals(collectionId, emailKey, photoIds, limit, now): Promise<OriginalReservation> {
      const run = async (tx: Kysely<Database>): Promise<OriginalReservation> => {
        // The upsert creates the visitor's counter or, on PostgreSQL, locks its row: a second reservation of the same
        // visitor waits here until this one commits, so two of them never both fit under the limit.
        await tx.insertInto('original_download_counts').values({ collection_id: collectionId, email_key: emailKey, used: 0, updated_at: now })
          .onConflict((oc) => oc.columns(['collection_id', 'email_key']).doUpdateSet({ updated_at: now })).execute();
        const { used } = await tx.selectFrom('original_download_counts').select('used').where('collection_id', '=', collectionId)
          .where('email_key', '=', emailKey).executeTakeFirstOrThrow();
        const before = Number(used);
        const known = new Set(await granted(tx, collectionId, emailKey, photoIds));
        const fresh = [...new Set(photoIds)].filter((id) => !known.has(id));
        if (limit !== null && before + fresh.length > limit) return { ok: false, used: before, requested: fresh.length };
        if (fresh.length === 0) return { ok: true, used: before, added: 0 };
        for (const ids of chunks(fresh)) {
          await tx.insertInto('original_download_grants').values(ids.map((photoId) => ({ collection_id: collectionId, email_key: emailKey, photo_id: photoId, created_at: now }))).execute();
        }
        await tx.updateTable('original_download_counts').set((eb) => ({ used: eb('used', '+', fresh.length) }))
          .where('collection_id', '=', collectionId).where('email_key', '=', emailKey).execute();
        return { ok: true, used: before + fresh.length, added: fresh.length };
      };
      return db.isTransaction ? run(db) : db.transaction().execute(run);
    },
  };
}
