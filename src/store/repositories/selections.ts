// "Send my selection": what each visitor sent and when, and who at the studio hears of it.
import type { Kysely, Selectable } from 'kysely';
import type { Database, FavoriteSubmissionsTable } from '../schema.ts';
import type { SelectionRecord, SelectionStore } from '../types.ts';

function photoIdsOf(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function toSelection(r: Selectable<FavoriteSubmissionsTable>): SelectionRecord {
  return {
    id: r.id, studioId: r.studio_id, collectionId: r.collection_id, listId: r.list_id, listName: r.list_name, email: r.email,
    emailKey: r.email_key, photoIds: photoIdsOf(r.photo_ids), createdAt: Number(r.created_at),
  };
}

export function createSelectionStore(db: Kysely<Database>): SelectionStore {
  return {
    async recordSelection(s): Promise<void> {
      await db.insertInto('favorite_submissions').values({
        id: s.id, studio_id: s.studioId, collection_id: s.collectionId, list_id: s.listId, list_name: s.listName, email: s.email,
        email_key: s.emailKey, photo_count: s.photoIds.length, photo_ids: JSON.stringify(s.photoIds), created_at: s.createdAt,
      }).execute();
    },
    async listSelections(collectionId, page): Promise<{ items: SelectionRecord[]; total: number }> {
      const rows = await db.selectFrom('favorite_submissions').selectAll().where('collection_id', '=', collectionId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('favorite_submissions').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map(toSelection) };
    },
    async countVisitorSelectionsSince(collectionId, emailKey, since): Promise<number> {
      const row = await db.selectFrom('favorite_submissions').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId)
        .where('email_key', '=', emailKey).where('created_at', '>=', since).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async listOwnerEmails(studioId): Promise<string[]> {
      const rows = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select('users.email')
        .where('memberships.studio_id', '=', studioId).where('memberships.role', '=', 'owner').where('users.disabled_at', 'is', null)
        .orderBy('memberships.created_at').orderBy('users.id').execute();
      return rows.map((r) => r.email);
    },
  };
}
